import { expose } from 'comlink';
import { exportApi } from './export-api';

expose(exportApi);
