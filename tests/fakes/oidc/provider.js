// A city identity provider on loopback for the tests: oidc-provider (OpenID Certified, MIT) with
// three people and the clients the test passes in. Only what a test needs is added around it:
// a plain login page (type a person's id), consent granted at once, and clients whose ID tokens
// are deliberately broken (wrong audience, issuer, signature or nonce) for the bad-input tests.
//
//   PORT=4567 FAKE_OIDC_CLIENTS='[{"client_id":"choso","client_secret":"s","redirect_uris":[...]}]' \
//     node provider.js
//
// Prints "ready <issuer>" on stdout once it listens.
import crypto from 'node:crypto';
import http from 'node:http';
import { URLSearchParams } from 'node:url';

import Provider from 'oidc-provider';

const port = Number(process.env.PORT || 0);
const issuer = `http://127.0.0.1:${port}`;

// People the city knows. `amr`/`acr` say how they signed in at the city (chi used a second factor).
const PEOPLE = {
  an: {
    name: 'Nguyễn Văn An', given_name: 'An', family_name: 'Nguyễn Văn',
    email: 'an@city.example', email_verified: true,
    phone_number: '+84903123456', phone_number_verified: true, tax_code: '0314409058',
    amr: ['pwd'], acr: 'urn:city:loa:basic',
  },
  binh: {
    name: 'Trần Thị Bình', given_name: 'Bình', family_name: 'Trần Thị',
    email: 'binh@city.example', email_verified: false,
    amr: ['pwd'], acr: 'urn:city:loa:basic',
  },
  chi: {
    name: 'Lê Minh Chi', given_name: 'Chi', family_name: 'Lê Minh',
    email: 'chi@city.example', email_verified: true,
    amr: ['pwd', 'otp'], acr: 'urn:city:loa:high',
  },
};

function keyPair(kid) {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, jwk: { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } };
}
const signing = keyPair('city-key-1');
const impostor = keyPair('city-key-1'); // same kid, another key: a forged signature

const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
function resign(idToken, changes, key) {
  const [header, payload] = idToken.split('.');
  const claims = { ...JSON.parse(Buffer.from(payload, 'base64url')), ...changes };
  const head = JSON.parse(Buffer.from(header, 'base64url'));
  const input = `${b64(head)}.${b64(claims)}`;
  const signature = crypto.sign('sha256', Buffer.from(input), key).toString('base64url');
  return `${input}.${signature}`;
}

// A client whose id ends in one of these gets a broken ID token from the token endpoint.
const TAMPER = {
  '-wrong-aud': (token) => resign(token, { aud: 'another-service' }, signing.privateKey),
  '-wrong-iss': (token) => resign(token, { iss: 'http://127.0.0.1:1/' }, signing.privateKey),
  '-bad-sig': (token) => resign(token, {}, impostor.privateKey),
  '-wrong-nonce': (token) => resign(token, { nonce: 'from-another-login' }, signing.privateKey),
};

const clients = JSON.parse(process.env.FAKE_OIDC_CLIENTS || '[]').map((client) => ({
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_post',
  ...client,
}));

const provider = new Provider(issuer, {
  clients,
  jwks: { keys: [signing.jwk] },
  cookies: { keys: [crypto.randomBytes(16).toString('hex')] },
  scopes: ['openid', 'offline_access', 'profile', 'email', 'phone', 'business'],
  claims: {
    openid: ['sub', 'acr', 'amr'],
    profile: ['name', 'given_name', 'family_name'],
    email: ['email', 'email_verified'],
    phone: ['phone_number', 'phone_number_verified'],
    business: ['tax_code'],
  },
  acrValues: ['urn:city:loa:basic', 'urn:city:loa:high'],
  features: { devInteractions: { enabled: false } },
  pkce: { required: () => true },
  ttl: { AccessToken: 300, AuthorizationCode: 60, IdToken: 300, Interaction: 600, Session: 600, Grant: 600 },
  async findAccount(ctx, id) {
    const person = PEOPLE[id];
    if (!person) return undefined;
    const { amr, acr, ...claims } = person;
    return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = `<!doctype html><title>error</title><h1>${out.error}</h1><p>${out.error_description || ''}</p>`;
  },
});

provider.use(async (ctx, next) => {
  await next();
  if (ctx.path === '/token' && ctx.body && ctx.body.id_token) {
    const clientId = ctx.oidc?.client?.clientId || '';
    const suffix = Object.keys(TAMPER).find((end) => clientId.endsWith(end));
    if (suffix) ctx.body = { ...ctx.body, id_token: TAMPER[suffix](ctx.body.id_token) };
  }
});

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid, clientId) {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>City login</title></head>
<body><h1>City account</h1><p>Signing in to ${escape(clientId)}</p>
<form method="post" action="/interaction/${escape(uid)}/login">
<label for="login">Account</label><input id="login" name="login" autofocus>
<button type="submit">Sign in</button></form></body></html>`;
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  const { prompt, params } = details;
  if (action === 'login' && req.method === 'POST') {
    const accountId = (await readForm(req)).get('login');
    const person = PEOPLE[accountId];
    if (!person) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(loginPage(uid, params.client_id).replace('<form', '<p role="alert">Unknown account</p><form'));
      return;
    }
    await provider.interactionFinished(req, res, {
      login: { accountId, amr: person.amr, acr: person.acr },
    }, { mergeWithLastSubmission: false });
    return;
  }
  if (prompt.name === 'consent') {
    // The city's own consent screen is not what these tests are about: grant what was asked.
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: params.client_id });
    const missing = prompt.details;
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(loginPage(uid, params.client_id));
}

const handler = provider.callback();
const server = http.createServer((req, res) => {
  const match = req.url.match(/^\/interaction\/([^/?]+)(?:\/(login))?/);
  if (!match) {
    handler(req, res);
    return;
  }
  interaction(req, res, match[1], match[2]).catch((error) => {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`interaction failed: ${error.message}`);
  });
});

server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`ready ${issuer}\n`);
});
