import { userInfo } from 'node:os';

/** The OS account, the default owner of features; some containers have no passwd entry for it. */
export function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}
