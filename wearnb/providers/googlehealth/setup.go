package googlehealth

// PasteRedirectURL is the redirect URI Google's Health API set-up guide
// registers for its "Web Server" (Web application) client: "Enter
// https://www.google.com as the value for Authorized redirect URIs"
// (https://developers.google.com/health/setup). After consent the browser
// lands there with ?code=… in its address, which the person pastes into
// the notebook: set WEARNB_GOOGLEHEALTH_REDIRECT_URL to it and consent runs
// in paste mode. A Desktop app client needs no registered redirect (any
// loopback port works), so the default consent.DefaultRedirectURL serves
// it.
const PasteRedirectURL = "https://www.google.com"
