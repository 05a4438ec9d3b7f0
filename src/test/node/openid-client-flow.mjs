// A relying party built on openid-client 6 (panva's OpenID-certified client) signing one
// person in through Loquet with the authorization code flow, driven by OpenIdClientTest.
//
// Run from a folder where openid-client is installed (an ES module import resolves from
// the script's own folder, not from NODE_PATH). Settings come from the environment:
// ISSUER, CLIENT_ID, CLIENT_SECRET (empty for a public client: no client authentication,
// PKCE only) and REDIRECT_URI.
//
// Talks on one line of JSON at a time: prints {"authorizationUrl": ...}, reads the URL the
// browser was sent back to on stdin, then prints {"idTokenHeader", "claims", "userinfo",
// "refresh"}. Tokens themselves are never printed. Any failure goes to stderr, exit code 1.
import * as client from 'openid-client'
import { createInterface } from 'node:readline'

const { ISSUER, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI } = process.env
const SCOPE = 'openid profile email groups offline_access'

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]()
const say = (message) => process.stdout.write(JSON.stringify(message) + '\n')
const header = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString('utf8'))

const publicClient = !CLIENT_SECRET
const config = await client.discovery(
  new URL(ISSUER),
  CLIENT_ID,
  publicClient ? { token_endpoint_auth_method: 'none' } : undefined,
  publicClient ? client.None() : client.ClientSecretBasic(CLIENT_SECRET),
  { execute: [client.allowInsecureRequests] }, // plain http on 127.0.0.1 in the test
)
// Check every ID token's RS256 signature against the provider's JWKS (off by default).
client.enableNonRepudiationChecks(config)

const pkceCodeVerifier = client.randomPKCECodeVerifier()
const state = client.randomState()
const nonce = client.randomNonce()
const authorizationUrl = client.buildAuthorizationUrl(config, {
  redirect_uri: REDIRECT_URI,
  scope: SCOPE,
  code_challenge: await client.calculatePKCECodeChallenge(pkceCodeVerifier),
  code_challenge_method: 'S256',
  state,
  nonce,
})
say({ authorizationUrl: authorizationUrl.href })

const { value: callback, done } = await lines.next()
if (done) {
  throw new Error('no callback URL on stdin')
}

const tokens = await client.authorizationCodeGrant(config, new URL(callback.trim()), {
  pkceCodeVerifier,
  expectedState: state,
  expectedNonce: nonce,
  idTokenExpected: true,
})
const claims = tokens.claims()
const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub)

const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token)
const refreshedClaims = refreshed.claims()
const refreshedUserinfo = await client.fetchUserInfo(config, refreshed.access_token, claims.sub)

say({
  idTokenHeader: header(tokens.id_token),
  tokenType: tokens.token_type,
  scope: tokens.scope,
  expiresIn: tokens.expiresIn(),
  claims,
  userinfo,
  refresh: {
    newAccessToken: !!refreshed.access_token && refreshed.access_token !== tokens.access_token,
    newRefreshToken: !!refreshed.refresh_token && refreshed.refresh_token !== tokens.refresh_token,
    claims: refreshedClaims ?? null,
    userinfoSub: refreshedUserinfo.sub,
  },
})
process.exit(0)
