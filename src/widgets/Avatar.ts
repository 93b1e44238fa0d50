/**
 * A person's round avatar. The initials on a coloured disc are always drawn underneath; the
 * picture fades in over them only once it has loaded, so a missing URL, a slow network or a
 * broken image all leave the initials showing and nothing flashes.
 */
import { Lightning } from '@lightningjs/sdk'
import { colors, durations, faces, fontSizes } from '../theme'
import { avatarColorFor } from './avatar-color'
import { initials } from './format'
import { required } from './required'

/** The diameter unless a screen says otherwise, in stage pixels. */
export const AVATAR_DEFAULT_SIZE = 160

/**
 * Lightning loads no texture for an element at alpha 0, so the picture waits just above it
 * (invisible on screen) until it has loaded.
 */
const HIDDEN_BUT_LOADING = 0.001

/** The template of an {@link Avatar}. */
export interface AvatarTemplateSpec extends Lightning.Component.TemplateSpec {
  /** The picture's address (`user.images.avatar.full`); empty or null for none. */
  url: string | null
  /** The name the initials and the disc colour come from (display name, else username). */
  name: string
  /** Diameter in stage pixels. */
  size: number
  Disc: object
  Initials: object
  Picture: object
}

/** A round avatar with an initials fallback; its top-left corner is the component's. */
export class Avatar
  extends Lightning.Component<AvatarTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<AvatarTemplateSpec>
{
  readonly Disc = required(this.getByRef('Disc'), 'Disc')
  readonly Initials = required(this.getByRef('Initials'), 'Initials')
  readonly Picture = required(this.getByRef('Picture'), 'Picture')

  private _url: string | null = null
  private _name = ''
  private _size = AVATAR_DEFAULT_SIZE

  static override _template(): Lightning.Component.Template<AvatarTemplateSpec> {
    return {
      w: AVATAR_DEFAULT_SIZE,
      h: AVATAR_DEFAULT_SIZE,
      Disc: {},
      Initials: {
        mount: 0.5,
        text: {
          text: '?',
          fontFace: faces.text,
          fontSize: Math.round(AVATAR_DEFAULT_SIZE * fontSizes.initialsRatio),
          textColor: colors.onDisc,
        },
      },
      Picture: { alpha: HIDDEN_BUT_LOADING },
    }
  }

  /** The picture's address, or null for none. */
  get url(): string | null {
    return this._url
  }

  set url(value: string | null) {
    const url = value === '' ? null : value
    if (url === this._url) return

    this._url = url
    this._showPicture()
  }

  /** The name behind the initials and the disc colour. */
  get name(): string {
    return this._name
  }

  set name(value: string) {
    this._name = value
    this.Initials.text = { text: initials(value) }
    this.Disc.color = avatarColorFor(value)
  }

  /** Diameter in stage pixels. */
  get size(): number {
    return this._size
  }

  set size(value: number) {
    this._size = value
    this._layout()
    this._showPicture()
  }

  override _init(): void {
    this.Picture.on('txLoaded', () => {
      this.Picture.setSmooth('alpha', 1, { duration: durations.fadeIn })
    })
    this.Picture.on('txError', () => {
      this.Picture.texture = null
    })
    this._layout()
  }

  private _layout(): void {
    const size = this._size

    this.w = size
    this.h = size
    this.Disc.patch({
      x: -1,
      y: -1,
      texture: Lightning.Tools.getRoundRect(size, size, size / 2, 0, 0, true, 0xffffffff),
      color: avatarColorFor(this._name),
    })
    this.Initials.patch({
      x: size / 2,
      y: size / 2,
      text: { fontSize: Math.round(size * fontSizes.initialsRatio) },
    })
  }

  private _showPicture(): void {
    this.Picture.alpha = HIDDEN_BUT_LOADING
    if (this._url === null) {
      this.Picture.texture = null
      return
    }

    // LIMITATION: the circle is cut by the WebGL RoundedRectangle shader; the canvas2d
    // renderer has no such shader and shows the picture square. Drawing the picture into a
    // circular canvas texture would fix it, but needs the image host to allow CORS.
    this.Picture.patch({
      w: this._size,
      h: this._size,
      texture: {
        type: Lightning.textures.ImageTexture,
        src: this._url,
        resizeMode: { type: 'cover', w: this._size, h: this._size },
      },
      shader: { type: Lightning.shaders.RoundedRectangle, radius: this._size / 2 },
    })
  }
}
