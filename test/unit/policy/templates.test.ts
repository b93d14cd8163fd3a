// One definition of secret-file templates (catalogue isSecretTemplate) and the profile globs that
// leave them readable, checked the way each consumer uses them.
import {minimatch} from 'minimatch'
import {describe, expect, it} from 'vitest'
import {renderPermissionProfile} from '../../../src/codex/profile.js'
import {isSecretTemplate, PROFILE_GLOB_REWRITES, profileGlobs, SECRET_TEMPLATES} from '../../../src/policy/catalogue.js'
import {buildPolicy, PathClassifier} from '../../../src/policy/effective.js'

const TEMPLATES = [
  '.env.example',
  '.env.local.example',
  '.env.test.example',
  '.env.production.sample',
  '.env.dev.template',
  '.env.dist',
  '.env.defaults',
  '.env.tmpl',
  '.env.tpl',
  'example.env',
  'sample.env',
  'app.env.example',
  'env.example',
  '.env-example',
  '.env_sample',
  'secrets.example.json',
  'config/secrets.sample.yml',
  'config/database.yml.sample',
  'deep/nested/dir/.ENV.EXAMPLE',
]
const SECRETS = [
  '.env',
  '.env.local',
  '.env.production',
  'prod.env',
  '.secret.env',
  'config/secrets.yml',
  'secrets.json',
  'config/master.key',
  'default.key',
  'deploy/id_rsa',
  'examples/.env',
  'templates/prod.env',
]

describe('isSecretTemplate', () => {
  it.each(TEMPLATES)('%s is a template', (path) => expect(isSecretTemplate(path)).toBe(true))
  it.each(SECRETS)('%s is not a template', (path) => expect(isSecretTemplate(path)).toBe(false))
  it('covers every name .gitignore re-includes', () => {
    for (const name of SECRET_TEMPLATES) expect(isSecretTemplate(name.replace('*', 'app')), name).toBe(true)
  })
})

describe('the classifier every command uses', () => {
  const classifier = new PathClassifier(buildPolicy('strict'))
  it.each(TEMPLATES)('%s is never sensitive', (path) => expect(classifier.classify(path)).toEqual([]))
  it.each(SECRETS.filter((path) => path !== 'default.key'))('%s stays sensitive', (path) => expect(classifier.classify(path).length).toBeGreaterThan(0))
})

describe('profile globs without templates', () => {
  const globs = profileGlobs('**/*.env')
  const denied = (path: string) => globs.some((glob) => minimatch(path, glob, {dot: true}))
  it('replace **/*.env in the rendered profile', () => {
    const profile = renderPermissionProfile(buildPolicy('standard'))
    expect(profile).not.toContain('"**/*.env"')
    for (const glob of globs) expect(profile).toContain(`"${glob}" = "none"`)
    expect(Object.keys(PROFILE_GLOB_REWRITES)).toEqual(['**/*.env'])
  })
  it.each(['example.env', 'sample.env', 'template.env', 'sub/example.env'])('leave %s readable', (path) => expect(denied(path)).toBe(false))
  it.each(['prod.env', 'app.env', '.secret.env', 'staging.env', 'samples.env', 'examples.env', 'exam.x.env', 'test.env', 'templates.env', 'e2e.env', 'sub/dir/local.env', 'Example.env'])(
    'still deny %s',
    (path) => expect(denied(path)).toBe(true),
  )
})
