// Owns the remediation categories: a title, the actor who usually acts first, and what to do when the
// category dominates a report. Every id in CATEGORIES has exactly one row (enforced by the type).

import { CATEGORIES, type Category, type CategoryInfo } from './types.js';

const CATEGORY_TABLE = {
  credentials: {
    title: 'Passwords and other credentials',
    actor: 'end_user',
    guidance:
      'Wrong, old or expired passwords and failed password changes. A steady trickle is normal typing. ' +
      'One user failing again and again usually has a device or mail app still holding an old password: find it ' +
      'by client app and IP. Many users failing from a few IP addresses is password spray: block those addresses, ' +
      'make sure MFA covers every targeted account, and push self-service password reset and passwordless sign-in.',
  },
  account_blocked: {
    title: 'Locked, disabled or blocked accounts',
    actor: 'helpdesk',
    guidance:
      'Smart lockout, disabled accounts, risk blocks and on-premises logon-hour limits. Check whether the blocked ' +
      'users really tried to sign in: lockouts on accounts nobody is using mean someone is guessing passwords. ' +
      'Unlock or re-enable only after confirming it is the real user, and remove leavers from apps that still try.',
  },
  mfa: {
    title: 'Multifactor authentication',
    actor: 'end_user',
    guidance:
      'MFA prompts, registration, expired MFA and failed or denied MFA. Prompts (50074, 50076) are normal and count ' +
      'as interrupted. Real failures (500121 denied or timed out, 50181 bad code, 50088 call limit) for a user who did ' +
      'not start the sign-in mean the password is known to someone else: reset it. Many registration prompts point ' +
      'to a registration campaign that needs helpdesk support.',
  },
  conditional_access: {
    title: 'Conditional Access and tenant policy blocks',
    actor: 'tenant_admin',
    guidance:
      'Sign-ins stopped by Conditional Access, security defaults, tenant restrictions or cross-tenant access ' +
      'settings. Open a few failing sign-ins and read which policy and which condition blocked them. If the block ' +
      'is intended (legacy authentication, unmanaged devices), tell the affected users what to use instead; if not, ' +
      'fix the policy and test it in report-only mode first.',
  },
  device_identity: {
    title: 'Device registration and device authentication',
    actor: 'helpdesk',
    guidance:
      'Device registration, Windows Hello for Business keys, primary refresh tokens and broker apps. Usually a ' +
      'handful of broken devices: group the failures by device and user, check the device state with ' +
      'dsregcmd /status, and re-register devices that lost their keys. Many at once suggests a rollout or ' +
      'certificate problem in device provisioning.',
  },
  app_config: {
    title: 'Application configuration',
    actor: 'app_owner',
    guidance:
      'Problems in how an application is registered or how it talks to Entra ID: reply URLs, secrets and ' +
      'certificates, SAML and OpenID Connect settings, scopes. Group by application and hand each list to its ' +
      'owner; one misconfigured app can produce thousands of failures. Expired client secrets and certificates ' +
      'are the most common cause worth checking first.',
  },
  consent_assignment: {
    title: 'Consent, user assignment and app access',
    actor: 'tenant_admin',
    guidance:
      'The app is not consented, the user is not assigned to it, or it is disabled in the tenant. Decide per app ' +
      'whether access is wanted: grant admin consent or assign the right group, or leave the block in place. ' +
      'Turn on the admin consent workflow so users can ask instead of failing.',
  },
  federation_idp: {
    title: 'Federation and external identity providers',
    actor: 'idp_owner',
    guidance:
      'Failures raised by a federated or external identity provider (AD FS, a SAML or OIDC provider, social ' +
      'accounts, external MFA or custom controls). Send the correlation IDs and times to whoever runs that ' +
      'provider; check its certificates, claim rules and availability first.',
  },
  hybrid_onprem: {
    title: 'Hybrid identity and on-premises components',
    actor: 'tenant_admin',
    guidance:
      'Pass-through authentication agents, Seamless SSO (Kerberos), on-premises Active Directory and password ' +
      'writeback. A burst across many users usually means an agent, domain controller or the Entra Connect server ' +
      'is down: check the agents and their event logs before looking at individual users.',
  },
  token_session: {
    title: 'Tokens and sessions',
    actor: 'end_user',
    guidance:
      'Expired, revoked or no longer sufficient tokens and sessions, including sign-in frequency. Mostly the ' +
      'normal life cycle: the user signs in again. A rise right after a policy change points at a sign-in ' +
      'frequency setting; many for one app points at that app not handling token renewal.',
  },
  identity_not_found: {
    title: 'Users, guests and tenants not found',
    actor: 'tenant_admin',
    guidance:
      'The user, guest or tenant does not exist where the sign-in looked for it: typos, wrong tenants, guests ' +
      'never invited or not yet redeemed. Invite the people who should have access. Many unknown usernames from ' +
      'a few IP addresses is account enumeration or spray: block the addresses.',
  },
  service_transient: {
    title: 'Microsoft service errors and throttling',
    actor: 'microsoft_support',
    guidance:
      'Errors inside Microsoft services, time-outs and throttling. Retries usually succeed. If they cluster in ' +
      'time across many users, compare with the Microsoft 365 and Azure service health history; open a support ' +
      'case with correlation IDs when they persist. Throttling for one app means that app requests too often.',
  },
  interrupt_or_info: {
    title: 'Success, prompts and informational codes',
    actor: 'none',
    guidance:
      'Successful sign-ins and the normal intermediate steps of a sign-in (account pickers, "stay signed in", ' +
      'redirects, device-code polling). Nothing to fix; a large share only shows that users sign in often.',
  },
  unknown: {
    title: 'Codes the catalog does not know',
    actor: 'none',
    guidance:
      'Codes missing from the built-in catalog. The report shows the failure reason from the log itself. Look ' +
      'the code up at https://login.microsoftonline.com/error?code=NNNNN and, if it matters to you, classify it ' +
      'in your own catalog file passed with --catalog.',
  },
} as const satisfies Record<Category, Omit<CategoryInfo, 'id'>>;

/** All categories in CATEGORIES order (the order reports and docs/catalog.md use). */
export const CATEGORY_INFO: readonly CategoryInfo[] = CATEGORIES.map((id) => ({ id, ...CATEGORY_TABLE[id] }));

export function categoryInfo(id: Category): CategoryInfo {
  // CATEGORY_INFO follows CATEGORIES, so the index always exists.
  return CATEGORY_INFO[CATEGORIES.indexOf(id)] as CategoryInfo;
}
