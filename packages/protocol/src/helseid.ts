/** HelseID for members (issue 8): what the login page, the link step and the admin page exchange. */
import * as z from 'zod/mini';
import { DisplayName, UserRole } from './common.ts';

/** GET /api/auth/providers: which logins besides e-mail and password this installation offers. */
export const LoginProviders = z.object({ isHelseIdEnabled: z.boolean() });
export type LoginProviders = z.infer<typeof LoginProviders>;

/** POST /api/auth/helseid/link answers where to send the browser (HelseID, after PAR). */
export const RedirectView = z.object({ url: z.string() });
export type RedirectView = z.infer<typeof RedirectView>;

/** POST /api/auth/logout after a HelseID login: end the session at HelseID too. */
export const LogoutView = z.object({ endSessionUrl: z.nullable(z.string()) });
export type LogoutView = z.infer<typeof LogoutView>;

export const HprNumber = z.string().check(z.trim(), z.regex(/^[0-9]{1,9}$/));

/** PUT /api/admin/helseid/provisioning: members with an HPR number are created on first login with `role`. */
export const HelseIdProvisioning = z.object({ isEnabled: z.boolean(), role: UserRole });
export type HelseIdProvisioning = z.infer<typeof HelseIdProvisioning>;

/** POST /api/admin/helseid/members: a member who logs in with HelseID, known by HPR number. */
export const RegisterHelseIdMemberBody = z.object({
  email: z.pipe(z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254)), z.email()),
  displayName: DisplayName,
  role: UserRole,
  hprNumber: HprNumber,
});
export type RegisterHelseIdMemberBody = z.infer<typeof RegisterHelseIdMemberBody>;

export const HelseIdMemberView = z.object({
  userId: z.string(),
  hprNumber: z.nullable(z.string()),
  isLinked: z.boolean(),
});
export type HelseIdMemberView = z.infer<typeof HelseIdMemberView>;

/** GET /api/admin/helseid: the configuration the page shows (issuer and client id, never the key). */
export const HelseIdAdminView = z.object({
  isConfigured: z.boolean(),
  issuer: z.nullable(z.string()),
  clientId: z.nullable(z.string()),
  provisioning: HelseIdProvisioning,
  members: z.array(HelseIdMemberView),
});
export type HelseIdAdminView = z.infer<typeof HelseIdAdminView>;
