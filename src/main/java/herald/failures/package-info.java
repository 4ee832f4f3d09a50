/**
 * The last line of defence for HTTP errors: whatever a resource did not turn into a response itself (an
 * unknown route, an unexpected exception) is answered in the error format of the door the path belongs to,
 * never with a stack trace. Unexpected failures are logged once with an incident id the client also sees.
 */
package herald.failures;
