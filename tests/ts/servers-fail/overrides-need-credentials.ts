// Compile-fail snippet for tests/tests/typescript_servers.rs: `production-eu` has a
// `userPassword` security scheme, so its options need `username` and `password`. Each call
// below leaves something out and must be a type error (the test checks each line's code).
import { Servers } from './__gen__/servers/index.js';

export const noPassword = Servers.productionEu.options({ username: 'device' });
export const nothing = Servers.productionEu.options();
export const noCertificate = Servers.staging.options({ key: 'key.pem' });
