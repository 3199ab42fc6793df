/** The benchmark scenarios, in the order `npm run bench` runs them. */
import shellStart from './shell-start.mjs';

export const scenarios = [shellStart];
