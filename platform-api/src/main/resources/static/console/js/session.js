// Who is signed in, and what their role lets the console offer. The server enforces the same
// roles on every request; hiding buttons only spares people a refusal.
import {get, post, setCsrf} from './api.js';

const RANK = {viewer: 0, builder: 1, deployer: 1, admin: 2};
let current = null;

export async function load() {
  const session = await get('/console/session');
  setCsrf(session.csrfHeader, session.csrfToken);
  current = session.user;
  return current;
}

export async function signIn(tenant, email, password) {
  const session = await post('/console/login', {tenant: tenant || null, email, password});
  setCsrf(session.csrfHeader, session.csrfToken);
  current = session.user;
  return current;
}

export async function signOut() {
  await post('/console/logout');
  current = null;
  await load();
}

export const user = () => current;

/** Builders (and admins) change apps, revisions and runs. */
export const canBuild = () => current && (current.role === 'builder' || current.role === 'admin');

export const isAdmin = () => current && current.role === 'admin';

/** Builders and deployers may ask for deployments; each environment's protection decides the rest. */
export const canDeploy = () => current && current.role !== 'viewer';

/** Admins and deployers set and rotate secrets. */
export const canWriteSecrets = () => current && (current.role === 'admin' || current.role === 'deployer');

/** Whether the user's role includes the named role (admin includes all, builder/deployer include viewer). */
export function holds(role) {
  if (!current) return false;
  if (current.role === role || current.role === 'admin') return true;
  return role === 'viewer' && RANK[current.role] >= 0;
}
