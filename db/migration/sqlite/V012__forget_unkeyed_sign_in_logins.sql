-- login_key was the plain SHA-256 of the login as typed, which can be guessed back when
-- someone typed their password into the login field. It is now an HMAC under the server
-- key (computed in code, which SQL cannot do), so the old values are dropped: they only
-- served the throttle of unknown logins, over the last hour.
UPDATE sign_in_attempts SET login_key = '';
