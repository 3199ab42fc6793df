import { createContext } from '@lit/context';
import type { TextkeepStore } from './store';

/** The store, provided once by the shell to every element below it. */
export const storeContext = createContext<TextkeepStore>(Symbol('textkeep-store'));
