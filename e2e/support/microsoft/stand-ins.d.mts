/** Types of stand-ins.mjs (and the identity and drive stand-ins it starts). */

/** One request the drive stand-in answered. */
export interface StandInRequest {
  at: number;
  kind: 'graph' | 'download';
  path: string;
  status: number;
  /** Graph: the bearer token sent. */
  token?: string;
  /** Downloads: the Range and Authorization headers sent, the bytes sent, and whether the body was cut. */
  range?: string;
  authorization?: string;
  sent?: number;
  cut?: boolean;
  /** The page closed the connection before the body's end (Cancel). */
  aborted?: boolean;
}

export interface IdentityStandIn {
  settings: { accessTokenSeconds: number; refreshTokenSeconds: number };
  log: { authorizeRequests: number; grants: string[]; issued: string[] };
  reset(): void;
}

export interface GraphStandIn {
  settings: { pageSize: number; tokenMaxAgeSeconds: number | undefined };
  log: StandInRequest[];
  reset(): void;
  folder(path: string): void;
  file(path: string, content: { bytes?: Buffer; file?: string; modified?: number }): string;
  throttle(fault: { match: RegExp; times?: number; retryAfter?: number; status?: number }): void;
  dropDownload(fault: { name: string; afterBytes: number; times?: number; delayMs?: number }): void;
  slowDownload(fault: { name: string; bytesPerSecond: number }): void;
  fast(): void;
}

export interface MicrosoftStandIns {
  port: number;
  identity: IdentityStandIn;
  graph: GraphStandIn;
  hostResolverRules: string;
  reset(): void;
  close(): Promise<void>;
}

export const MICROSOFT_HOSTS: string[];
export function startMicrosoftStandIns(options: {
  clientId: string;
  redirectUris: string[];
}): Promise<MicrosoftStandIns>;
