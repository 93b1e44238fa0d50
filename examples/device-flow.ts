import { DeviceCodePoller, Session, TokenStore, browserStorage } from '../src/auth'
import { TraktClient } from '../src/trakt'

export async function signIn(show: (userCode: string, url: string) => void): Promise<string> {
  const client = new TraktClient({
    clientId: 'your-client-id',
    clientSecret: 'your-client-secret',
    oauthUrl: 'https://auth.trakt.tv',
    apiUrl: 'https://api.trakt.tv',
  })
  const session = new Session({ api: client, store: new TokenStore({ storage: browserStorage }) })

  if ((await session.restore()) === undefined) {
    const code = await client.requestDeviceCode()
    show(code.userCode, code.verificationUrl)

    const outcome = await new DeviceCodePoller(code, { api: client }).start()
    if (outcome.kind !== 'approved') throw new Error(`Not signed in: ${outcome.kind}`)
    session.signIn(outcome.tokens)
  }

  const user = await session.callApi((accessToken) => client.getUserSettings(accessToken))
  return user.name
}
