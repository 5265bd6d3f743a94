// A real OpenID Connect provider (the npm package oidc-provider) for the single sign-on tests.
//
// Started by tests/accounts/test_sso.py as `node tests/oidc/provider.js` with
//   PORT          the loopback port to listen on; the issuer is http://127.0.0.1:PORT
//   OIDC_CLIENTS  JSON list of clients: [{client_id, client_secret, redirect_uris}]
// Development-only setup: plain http on 127.0.0.1, the package's development signing keys,
// accounts in memory. Its own tiny login step replaces a real login page:
//   GET  /interaction/:uid           a form asking for a login id (no password)
//   POST /interaction/:uid/login     login=<account id> logs in as that account
//   GET  /interaction/:uid/abort     the user cancels (the client gets error=access_denied)
//   PUT  /_test/accounts/:id         JSON claims {email, email_verified, name, groups}: create or change an
//                                    account, e.g. to take someone out of a group between two logins
// Consent is granted automatically (a first-party client).
import http from 'node:http';

import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const clients = JSON.parse(process.env.OIDC_CLIENTS || '[]').map((client) => ({
  grant_types: ['authorization_code'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
  ...client,
}));

const accounts = new Map([
  ['alice', { email: 'alice@gemeente.test', email_verified: true, name: 'Alice Ambtenaar', groups: ['wijkteam'] }],
  ['bob', { email: 'bob@gemeente.test', email_verified: true, name: 'Bob Beheer', groups: ['communicatie'] }],
  ['eve', { email: 'eve@elders.test', email_verified: true, name: 'Eve Elders', groups: ['wijkteam'] }],
]);

const provider = new Provider(issuer, {
  clients,
  async findAccount(ctx, id) {
    if (!accounts.has(id)) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...accounts.get(id) }; } };
  },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
    groups: ['groups'],
  },
  cookies: { keys: ['oidc-test-cookie-key-not-secret'] },
  features: {
    devInteractions: { enabled: false },
    claimsParameter: { enabled: true },
  },
  pkce: { required: () => true },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope(ctx.oidc.requestParamScopes ? [...ctx.oidc.requestParamScopes].join(' ') : 'openid');
    grant.addOIDCClaims([...(ctx.oidc.requestParamClaims || [])]);
    await grant.save();
    return grant;
  },
});

function readBody(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (chunk) => { data += chunk; });
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

function send(res, status, type, body) {
  res.writeHead(status, { 'Content-Type': type });
  res.end(body);
}

async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return send(res, 400, 'text/plain', 'interaction mismatch');
  if (action === 'abort') {
    return provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'cancelled' },
      { mergeWithLastSubmission: false });
  }
  if (action === 'login' && req.method === 'POST') {
    const login = new URLSearchParams(await readBody(req)).get('login');
    if (!accounts.has(login)) return send(res, 400, 'text/plain', 'unknown login');
    return provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
  }
  return send(res, 200, 'text/html', `<!doctype html><title>Test provider</title>
<form method="post" action="/interaction/${uid}/login"><input name="login"><button>Log in</button></form>
<a href="/interaction/${uid}/abort">Cancel</a>`);
}

const callback = provider.callback();
const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, issuer);
    const account = url.pathname.match(/^\/_test\/accounts\/([\w-]+)$/);
    if (account && req.method === 'PUT') {
      accounts.set(account[1], JSON.parse(await readBody(req)));
      return send(res, 204, 'text/plain', '');
    }
    const step = url.pathname.match(/^\/interaction\/([\w-]+)(?:\/(login|abort))?$/);
    if (step) return await interaction(req, res, step[1], step[2]);
    return callback(req, res);
  } catch (error) {
    return send(res, 500, 'text/plain', String(error));
  }
});
server.listen(port, '127.0.0.1', () => console.log(`oidc-provider listening on ${issuer}`));
