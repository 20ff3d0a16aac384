// What a sign-in form or request may carry, parsed once for the page, the server
// action and the Auth.js route alike.
import { z } from "zod";

export const emailAddressSchema = z
  .string({ error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .min(1, "Enter your email address.")
  .max(254, "That address is too long.")
  .pipe(z.email("Enter a valid email address, like you@example.com."));

/**
 * Where to go after sign-in. Only paths on this site: an absolute or
 * protocol-relative URL could send a freshly signed-in person anywhere.
 */
export const callbackPathSchema = z
  .string()
  .optional()
  .transform((value) => (value && /^\/(?![/\\])/.test(value) ? value : "/dashboard"));

export const signInFormSchema = z.object({
  email: emailAddressSchema,
  callbackUrl: callbackPathSchema,
});

export type SignInForm = z.infer<typeof signInFormSchema>;
