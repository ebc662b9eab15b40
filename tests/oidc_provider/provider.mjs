// A real OpenID provider for the tests: the certified `oidc-provider` package on 127.0.0.1.
//
// Environment: OIDC_PORT, OIDC_ACCOUNTS (a JSON file {account id: claims}, read at each sign-in so
// a test can change an account's groups), OIDC_CLIENT (JSON {client_id, client_secret,
// redirect_uris}; a public client "<client_id>-public" with the same redirect URIs and no secret
// is added), OIDC_CODE_TTL (seconds an authorization code lives), OIDC_PROVIDER_MODULES
// (the node_modules folder the package was installed into, outside the checkout).
// Sign-in is the package's own development interaction: POST /interaction/<uid> with
// prompt=login&login=<account id>&password=<anything>. Consent is granted for the one client.
import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const entry = join(process.env.OIDC_PROVIDER_MODULES, "oidc-provider", "lib", "index.js");
const { default: Provider } = await import(pathToFileURL(entry).href);

const port = Number(process.env.OIDC_PORT);
const client = JSON.parse(process.env.OIDC_CLIENT);
const accountsFile = process.env.OIDC_ACCOUNTS;
const codeTtl = Number(process.env.OIDC_CODE_TTL || "60");
const scopes = "openid email profile groups";

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: "jwk" }), kid: "earmark-test", alg: "RS256", use: "sig" };

function accounts() {
  return JSON.parse(readFileSync(accountsFile, "utf8"));
}

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [
    {
      ...client,
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
    {
      client_id: `${client.client_id}-public`,
      redirect_uris: client.redirect_uris,
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    },
  ],
  jwks: { keys: [signingKey] },
  scopes: scopes.split(" "),
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["name", "preferred_username"],
    groups: ["groups"],
  },
  cookies: { keys: ["earmark-test-cookie-key"] },
  pkce: { required: () => true },
  ttl: { AuthorizationCode: codeTtl, AccessToken: 600, Grant: 600, Interaction: 600, Session: 600, IdToken: 600 },
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, id) {
    const claims = accounts()[id];
    if (!claims) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...claims }; } };
  },
  async loadExistingGrant(ctx) {
    const { Grant } = ctx.oidc.provider;
    const existing = ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (existing) return Grant.find(existing);
    const grant = new Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope(scopes);
    await grant.save();
    return grant;
  },
});
provider.proxy = false;
provider.listen(port, "127.0.0.1", () => console.log(`oidc-provider ready on ${port}`));
