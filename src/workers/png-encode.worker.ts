import { expose } from 'comlink';
import { pngEncodeApi } from './png-encode-api';

expose(pngEncodeApi);
