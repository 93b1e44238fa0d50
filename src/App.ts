import { Lightning, Utils } from '@lightningjs/sdk'

interface AppTemplateSpec extends Lightning.Component.TemplateSpec {
  Title: object
}

export class App
  extends Lightning.Component<AppTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<AppTemplateSpec>
{
  static override _template(): Lightning.Component.Template<AppTemplateSpec> {
    return {
      w: 1920,
      h: 1080,
      rect: true,
      color: 0xff0e1116,
      Title: {
        x: 96,
        y: 54,
        text: { text: 'Sign in to Trakt', fontFace: 'Text', fontSize: 64, textColor: 0xffeef1f5 },
      },
    }
  }

  static getFonts() {
    return [
      { family: 'Text', url: Utils.asset('fonts/Inter-Regular.woff2') as string },
      { family: 'Code', url: Utils.asset('fonts/JetBrainsMono-Bold.woff2') as string },
    ]
  }
}
