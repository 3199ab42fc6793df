/**
 * redirect.html: where Microsoft sends the sign-in response. MSAL's bridge keeps the response for the app
 * and goes back to the page that started the sign-in, replacing this entry so no code stays in history.
 */
import { broadcastResponseToMainFrame } from '@azure/msal-browser/redirect-bridge';

broadcastResponseToMainFrame().catch(() => {
  // Opened without a sign-in response (a bookmark, a reload): go to the app.
  location.replace('/');
});
