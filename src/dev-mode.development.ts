/** The development twin of `dev-mode.ts` (see there): `DEV_MODE` is `true`. */
export const DEV_MODE: boolean = true;
