/**
 * A stand-in for login.microsoftonline.com: an OpenID provider (oidc-provider) answering at Microsoft's own
 * paths for the consumers tenant, as MSAL knows them without asking (…/consumers/oauth2/v2.0/authorize and
 * /token), with what MSAL needs from Microsoft: `client_info` in token responses, a `tid`, and refresh
 * tokens. Its sign-in pages are plain forms: "Sign in" / "Cancel", then "Accept" / "Cancel" for consent.
 */
/** Runs `work` without oidc-provider's console warnings (Node 20 and its development defaults, known here). */
async function quietly(work) {
  const warn = console.warn;
  console.warn = (...args) => {
    if (!String(args[0]).includes('oidc-provider WARNING')) warn(...args);
  };
  try {
    return await work();
  } finally {
    console.warn = warn;
  }
}

const { default: Provider, errors } = await quietly(() => import('oidc-provider'));

/** Microsoft's tenant id for personal accounts. */
export const CONSUMERS_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';
/** The one person who can sign in. */
export const TEST_ACCOUNT = {
  id: '00000000-0000-0000-7e57-000000000001',
  name: 'Alex Example',
  email: 'alex.example@outlook.test',
};
/** Microsoft Graph, the only resource tokens are issued for. */
export const GRAPH = 'https://graph.microsoft.com';

const TENANT_PATH = '/consumers';
const AUTHORIZE = `${TENANT_PATH}/oauth2/v2.0/authorize`;
const TOKEN = `${TENANT_PATH}/oauth2/v2.0/token`;
const INTERACTION = `${TENANT_PATH}/interaction/`;

const escapeHtml = (text) =>
  String(text).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );

const base64url = (text) => Buffer.from(text).toString('base64url');

/** A page of the stand-in's sign-in. */
function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

async function formBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * The identity stand-in. `settings.accessTokenSeconds` (changeable between tests) is the lifetime of the
 * access tokens it issues; `log` counts what happened, for the tests to check.
 */
export async function createIdentity({ clientId, redirectUris }) {
  const settings = { accessTokenSeconds: 3600, refreshTokenSeconds: 86_400 };
  const log = { authorizeRequests: 0, grants: [], issued: [] };

  const provider = await quietly(
    () =>
      new Provider(`https://login.microsoftonline.com/${CONSUMERS_TENANT}/v2.0`, {
        clients: [
          {
            client_id: clientId,
            application_type: 'web',
            token_endpoint_auth_method: 'none',
            redirect_uris: redirectUris,
            grant_types: ['authorization_code', 'refresh_token'],
            response_types: ['code'],
          },
        ],
        routes: {
          authorization: AUTHORIZE,
          token: TOKEN,
          jwks: `${TENANT_PATH}/discovery/v2.0/keys`,
          end_session: `${TENANT_PATH}/oauth2/v2.0/logout`,
          userinfo: `${TENANT_PATH}/openid/userinfo`,
        },
        scopes: ['openid', 'profile', 'email', 'offline_access', 'Files.Read'],
        claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'oid', 'tid'], email: ['email'] },
        // Microsoft puts the profile claims in the ID token even when an access token comes with it.
        conformIdTokenClaims: false,
        cookies: { keys: ['textkeep-e2e-cookie-key'] },
        clientBasedCORS: () => true,
        pkce: { required: () => true },
        ttl: {
          AccessToken: () => settings.accessTokenSeconds,
          AuthorizationCode: 600,
          IdToken: 3600,
          RefreshToken: () => settings.refreshTokenSeconds,
          Grant: 86_400,
          Session: 86_400,
          Interaction: 600,
        },
        interactions: { url: (_ctx, interaction) => `${INTERACTION}${interaction.uid}` },
        features: {
          devInteractions: { enabled: false },
          resourceIndicators: {
            enabled: true,
            defaultResource: () => GRAPH,
            useGrantedResource: () => true,
            getResourceServerInfo: (_ctx, indicator) => {
              if (indicator !== GRAPH) throw new errors.InvalidTarget();
              return {
                scope: 'Files.Read',
                audience: GRAPH,
                accessTokenTTL: settings.accessTokenSeconds,
                accessTokenFormat: 'opaque',
              };
            },
          },
        },
        findAccount: (_ctx, sub) =>
          sub === TEST_ACCOUNT.id
            ? {
                accountId: sub,
                claims: () => ({
                  sub,
                  name: TEST_ACCOUNT.name,
                  preferred_username: TEST_ACCOUNT.email,
                  email: TEST_ACCOUNT.email,
                  oid: sub,
                  tid: CONSUMERS_TENANT,
                }),
              }
            : undefined,
        renderError: (ctx, out) => {
          ctx.type = 'html';
          ctx.body = page(
            'Sign-in error',
            `<p>${escapeHtml(out.error)}: ${escapeHtml(out.error_description ?? '')}</p>`,
          );
        },
      }),
  );

  provider.use(async (ctx, next) => {
    if (ctx.path === AUTHORIZE) {
      log.authorizeRequests++;
      // Microsoft's account picker. Microsoft issues refresh tokens whatever the prompt; oidc-provider drops
      // offline_access unless consent is asked, so the stand-in asks for sign-in and consent.
      if (ctx.query.prompt === 'select_account') {
        ctx.querystring = new URLSearchParams({ ...ctx.query, prompt: 'login consent' }).toString();
      }
    }
    await next();
    if (ctx.path === TOKEN && ctx.method === 'POST' && ctx.status === 200 && ctx.body?.access_token) {
      log.grants.push(ctx.oidc?.params?.grant_type ?? 'unknown');
      log.issued.push(ctx.body.access_token);
      ctx.body = {
        ...ctx.body,
        client_info: base64url(JSON.stringify({ uid: TEST_ACCOUNT.id, utid: CONSUMERS_TENANT })),
      };
    }
  });

  const callback = provider.callback();

  /** The sign-in pages: a sign-in form, then consent, each with a "Cancel". */
  async function interaction(req, res) {
    const details = await provider.interactionDetails(req, res);
    const action = `${INTERACTION}${details.uid}`;
    if (req.method === 'GET') {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.setHeader('Cache-Control', 'no-store');
      if (details.prompt.name === 'login') {
        res.end(
          page(
            'Sign in',
            `<form method="post" action="${action}">
              <p><label>Email <input name="email" value="${escapeHtml(TEST_ACCOUNT.email)}"></label></p>
              <button name="choice" value="signin">Sign in</button>
              <button name="choice" value="cancel">Cancel</button></form>`,
          ),
        );
      } else {
        res.end(
          page(
            'Let this app access your info?',
            `<p>It asks to read your files.</p><form method="post" action="${action}">
              <button name="choice" value="accept">Accept</button>
              <button name="choice" value="deny">Cancel</button></form>`,
          ),
        );
      }
      return;
    }
    const choice = (await formBody(req)).get('choice');
    if (choice === 'cancel') {
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'AADSTS50126: The user cancelled the sign-in.' },
        { mergeWithLastSubmission: false },
      );
    } else if (choice === 'deny') {
      await provider.interactionFinished(
        req,
        res,
        {
          error: 'access_denied',
          error_description: 'AADSTS65004: User declined to consent to access the app.',
        },
        { mergeWithLastSubmission: false },
      );
    } else if (choice === 'signin') {
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: TEST_ACCOUNT.id } },
        { mergeWithLastSubmission: false },
      );
    } else {
      const { prompt, params, session, grantId } = details;
      const grant = grantId
        ? await provider.Grant.find(grantId)
        : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
      if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
      if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
      for (const [indicator, scopes] of Object.entries(prompt.details.missingResourceScopes ?? {})) {
        grant.addResourceScope(indicator, scopes.join(' '));
      }
      await provider.interactionFinished(
        req,
        res,
        { consent: { grantId: await grant.save() } },
        { mergeWithLastSubmission: true },
      );
    }
  }

  return {
    settings,
    log,
    /** Handles a request for login.microsoftonline.com. */
    handle(req, res) {
      if (req.url.startsWith(INTERACTION)) {
        interaction(req, res).catch((error) => {
          res.statusCode = 400;
          res.end(page('Sign-in error', `<p>${escapeHtml(error.message)}</p>`));
        });
        return;
      }
      callback(req, res);
    },
    /** The access token's record if it is valid now (not expired, for Graph, with Files.Read). */
    async accessToken(value) {
      const token = await provider.AccessToken.find(value);
      if (!token || token.isExpired) return undefined;
      if (
        token.aud !== GRAPH ||
        !String(token.scope ?? '')
          .split(' ')
          .includes('Files.Read')
      )
        return undefined;
      return token;
    },
    /** Forgets the log (between tests). */
    reset() {
      settings.accessTokenSeconds = 3600;
      settings.refreshTokenSeconds = 86_400;
      log.authorizeRequests = 0;
      log.grants.length = 0;
      log.issued.length = 0;
    },
  };
}
