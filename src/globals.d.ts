/** The app's version, from package.json, set at build time. */
declare const __APP_VERSION__: string;
/** Which build this is (git commit or TEXTKEEP_BUILD_ID), set at build time. */
declare const __BUILD_ID__: string;
