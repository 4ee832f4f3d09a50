/**
 * MicroProfile Health checks: readiness means the database answers and its schema is the version this WAR
 * migrated it to; liveness means the broker answers. The server serves them under {@code /health},
 * {@code /health/ready} and {@code /health/live}.
 */
package herald.health;
