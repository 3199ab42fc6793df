import { createContext } from '@lit/context';
import type { AuthService } from './services/auth';
import type { ConversationData } from './services/conversation-data';
import type { ExportService } from './services/export';
import type { OneDriveService } from './services/onedrive';
import type { SearchService } from './services/search';

/** The services an element may need, created once by the shell. */
export interface AppServices {
  /** Messages and media of the open conversation. */
  data: ConversationData;
  /** Message search. */
  search: SearchService;
  /** The export door. */
  exporter: ExportService;
  /** Microsoft sign-in. */
  auth: AuthService;
  /** OneDrive for the signed-in person. */
  onedrive: OneDriveService;
}

/**
 * The one services context: provided by the shell, consumed by the element that needs a service (no service
 * is handed down as a property through elements that do not use it).
 */
export const servicesContext = createContext<AppServices>(Symbol('textkeep-services'));
