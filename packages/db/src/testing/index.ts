export { createTestDatabase, TEMPLATE_DATABASE, type TestDatabase } from "./test-database.ts";
