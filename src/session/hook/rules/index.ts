// Every command rule of the PreToolUse hook, in the order their reasons are reported.
import {dnsExfil} from './dns-exfil.js'
import {egress} from './egress.js'
import {forbiddenCommand} from './forbidden-command.js'
import {interactive} from './interactive.js'
import {interpreter} from './interpreter.js'
import {protectedWrite} from './protected-write.js'
import {pushNewRemote} from './push-new-remote.js'
import {secretPath} from './secret-path.js'
import type {HookRule} from './types.js'

export const COMMAND_HOOK_RULES: readonly HookRule[] = [secretPath, protectedWrite, forbiddenCommand, egress, dnsExfil, pushNewRemote, interpreter, interactive]
export type {HookRule, HookRuleContext} from './types.js'
export {dnsExfil, egress, forbiddenCommand, interactive, interpreter, protectedWrite, pushNewRemote, secretPath}
