/**
 * The baseline: a bare Lightning TypeScript app (one screen, one line of text), laid out like
 * the CLI's own TypeScript fixture, generated into a temporary folder from the installed SDK
 * and CLI, and built exactly as `npm run dist` builds the app (`lng dist --es6`, minified).
 *
 * It uses the app's text font (Inter Regular) and stage settings, so that the comparison is
 * about what the app adds, not about a different font or clear colour.
 */
import { execFileSync } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

/** The data attribute the bare app sets once its line of text is on the stage. */
export const BARE_READY_ATTRIBUTE = 'benchText'

const APP_TS = `import { Lightning, Utils } from '@lightningjs/sdk'

interface AppTemplateSpec extends Lightning.Component.TemplateSpec {
  Text: object
}

export class App
  extends Lightning.Component<AppTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<AppTemplateSpec>
{
  static override _template(): Lightning.Component.Template<AppTemplateSpec> {
    return {
      w: 1920,
      h: 1080,
      Text: {
        x: 160,
        y: 120,
        text: { text: 'Hello from a bare Lightning app', fontFace: 'Regular', fontSize: 40 },
      },
    }
  }

  static getFonts() {
    return [{ family: 'Regular', url: Utils.asset('fonts/Inter-Regular.woff2') as string }]
  }

  override _init() {
    document.body.dataset.${BARE_READY_ATTRIBUTE} = 'shown'
  }
}
`

const INDEX_TS = `import { Lightning, Launch, PlatformSettings, AppData } from '@lightningjs/sdk'
import { App } from './App'

export default function (
  appSettings: Lightning.Application.Options,
  platformSettings: PlatformSettings,
  appData: AppData,
) {
  return Launch(App, appSettings, platformSettings, appData)
}
`

/**
 * Generates the bare app next to nothing of the project's (its `node_modules` a symlink to
 * the project's) and builds it; answers the built `dist/es6` folder.
 */
export function buildBareApp(projectRoot = '.'): string {
  const project = resolve(projectRoot)
  const folder = mkdtempSync(join(tmpdir(), 'trakt-bench-bare-'))
  const sdkVersion = readVersion(project, '@lightningjs/sdk')

  mkdirSync(join(folder, 'src'))
  mkdirSync(join(folder, 'static', 'fonts'), { recursive: true })
  writeJson(join(folder, 'package.json'), {
    name: 'bench.bare.app',
    private: true,
    dependencies: { '@lightningjs/sdk': sdkVersion },
  })
  writeJson(join(folder, 'tsconfig.json'), {
    compilerOptions: {
      target: 'ES2019',
      lib: ['ES2019', 'DOM'],
      moduleResolution: 'node',
      strict: true,
      noUncheckedIndexedAccess: true,
      noImplicitOverride: true,
    },
    include: ['src/**/*.ts'],
  })
  writeJson(join(folder, 'metadata.json'), {
    name: 'Bare app',
    identifier: 'bench.bare.app',
    version: '1.0.0',
  })
  writeJson(join(folder, 'settings.json'), {
    appSettings: { stage: { clearColor: '0xff0e1116', useImageWorker: true }, debug: false },
    platformSettings: { path: './static', log: false, showVersion: false },
  })
  writeFileSync(join(folder, '.env'), 'LNG_AUTO_UPDATE=false\nLNG_BUILD_EXIT_ON_FAIL=true\n')
  writeFileSync(join(folder, 'src', 'App.ts'), APP_TS)
  writeFileSync(join(folder, 'src', 'index.ts'), INDEX_TS)
  copyFileSync(
    join(project, 'static', 'fonts', 'Inter-Regular.woff2'),
    join(folder, 'static', 'fonts', 'Inter-Regular.woff2'),
  )
  symlinkSync(join(project, 'node_modules'), join(folder, 'node_modules'), 'dir')

  // The same command and settings as `npm run dist`, minus the app's own polyfill step.
  execFileSync(join(project, 'node_modules', '.bin', 'lng'), ['dist', '--es6'], {
    cwd: folder,
    stdio: 'inherit',
    env: {
      ...process.env,
      LNG_AUTO_UPDATE: 'false',
      LNG_BUILD_MINIFY: 'true',
      NODE_ENV: 'production',
    },
  })

  const built = join(folder, 'dist', 'es6')
  if (!existsSync(join(built, 'index.html')))
    throw new Error(`lng dist wrote no ${built}/index.html`)
  return built
}

function readVersion(project: string, name: string): string {
  const manifest = join(project, 'node_modules', name, 'package.json')
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }
  return version
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`)
}
