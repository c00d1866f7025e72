package sandbox

import (
	"fmt"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// scopeDesc is one scope and how the consent page describes it.
type scopeDesc struct{ name, desc string }

// flavorSpec is what differs between the emulated providers' OAuth servers.
type flavorSpec struct {
	name, title                     string
	authPath, tokenPath, revokePath string // under "/"+name
	authStyle                       oauth2.AuthStyle
	pkce                            bool // verifies S256/plain challenges
	lifetime                        time.Duration
	scopes                          []scopeDesc
	defaultScopes                   []string // used when scope is omitted; nil means scope is required
	// strictRedirect: a redirect_uri sent at authorize must be repeated
	// at the token endpoint (Fitbit, Google). Oura and Jawbone tolerate its
	// absence (Jawbone's own docs never send it).
	strictRedirect bool
	// partialGrant: the consent page lets the person untick scopes (Fitbit).
	partialGrant bool
}

const googleScopePrefix = "https://www.googleapis.com/auth/googlehealth."

// Oura's new developer portal (developer.ouraring.com): its OAuth server
// lives at https://moi.ouraring.com/oauth/v2/ext/ (authorize, token,
// revoke; louispires/Oura-Home-Assistant-Integration PR #69,
// filipe-m-almeida/health-sync src/config.js; the revoke path from a
// third-party transcript of its discovery document, unverified), and its
// scopes carry an "extapi:" prefix (health-sync). The sandbox serves those
// paths under /oura beside the legacy ones.
const (
	ouraNewAuthPath    = "/oauth/v2/ext/oauth-authorize"
	ouraNewTokenPath   = "/oauth/v2/ext/oauth-token"
	ouraNewRevokePath  = "/oauth/v2/ext/oauth-revoke"
	ouraNewScopePrefix = "extapi:"
)

var specs = map[string]*flavorSpec{
	Fitbit: {
		name: Fitbit, title: "Fitbit",
		authPath: "/oauth2/authorize", tokenPath: "/oauth2/token", revokePath: "/oauth2/revoke",
		authStyle: oauth2.AuthStyleInHeader, pkce: true, lifetime: 8 * time.Hour,
		scopes: []scopeDesc{
			{"activity", "Activity and exercise: steps, distance, calories, active minutes"},
			{"heartrate", "Heart rate: continuous heart rate and zones"},
			{"sleep", "Sleep: sleep logs and stages"},
			{"profile", "Profile: name, age, height, weight"},
			{"settings", "Settings: devices and alarms"},
			{"location", "Location: GPS data of exercises"},
			{"nutrition", "Food and water logs"},
			{"weight", "Weight and body fat"},
			{"social", "Friends and leaderboard"},
			{"cardio_fitness", "Cardio fitness score (VO2 max)"},
			{"electrocardiogram", "ECG readings"},
			{"oxygen_saturation", "Blood oxygen (SpO2)"},
			{"respiratory_rate", "Breathing rate"},
			{"temperature", "Skin and core temperature"},
			{"irregular_rhythm_notifications", "Irregular rhythm notifications"},
			{"blood_glucose", "Blood glucose"},
		},
		strictRedirect: true, partialGrant: true,
	},
	Oura: {
		name: Oura, title: "Oura",
		authPath: "/oauth/authorize", tokenPath: "/oauth/token", revokePath: "/oauth/revoke",
		authStyle: oauth2.AuthStyleInParams, lifetime: 24 * time.Hour,
		scopes: []scopeDesc{
			{"email", "Your email address"},
			{"personal", "Personal information: age, weight, height, biological sex"},
			{"daily", "Daily summaries: sleep, activity and readiness"},
			{"heartrate", "Heart rate time series"},
			{"workout", "Workouts"},
			{"tag", "Tags"},
			{"session", "Guided and unguided sessions"},
			{"spo2", "Blood oxygen (SpO2) averages"},
		},
		defaultScopes: []string{"email", "personal", "daily", "heartrate", "workout", "tag", "session", "spo2"},
	},
	GoogleHealth: {
		name: GoogleHealth, title: "Google Health",
		authPath: "/o/oauth2/auth", tokenPath: "/token", revokePath: "/revoke",
		authStyle: oauth2.AuthStyleInParams, pkce: true, lifetime: time.Hour,
		scopes: []scopeDesc{
			{googleScopePrefix + "activity_and_fitness.readonly", "See your Google Health activity and fitness data"},
			{googleScopePrefix + "activity_and_fitness", "See and edit your Google Health activity and fitness data"},
			{googleScopePrefix + "sleep.readonly", "See your Google Health sleep data"},
			{googleScopePrefix + "sleep", "See and edit your Google Health sleep data"},
			{googleScopePrefix + "health_metrics_and_measurements.readonly", "See your Google Health health metrics and measurement data"},
			{googleScopePrefix + "health_metrics_and_measurements", "See and edit your Google Health health metrics and measurement data"},
			{googleScopePrefix + "profile.readonly", "See your Google Health profile data"},
			{googleScopePrefix + "settings.readonly", "See your Google Health settings"},
			{googleScopePrefix + "location.readonly", "See exercise GPS location data in Google Health"},
			{googleScopePrefix + "ecg.readonly", "See your Google Health ECG data"},
			{googleScopePrefix + "irn.readonly", "See your Google Health Irregular Rhythm Notifications data"},
		},
		strictRedirect: true,
	},
	Jawbone: {
		name: Jawbone, title: "Jawbone UP",
		authPath: "/auth/oauth2/auth", tokenPath: "/auth/oauth2/token",
		authStyle: oauth2.AuthStyleInParams, lifetime: 365 * 24 * time.Hour,
		scopes: []scopeDesc{
			{"basic_read", "Read your name and profile picture"},
			{"extended_read", "Read your age, gender, weight and height"},
			{"location_read", "Read the places you logged"},
			{"friends_read", "Read your list of friends"},
			{"mood_read", "Read your mood"}, {"mood_write", "Log your mood"},
			{"move_read", "Read your moves and workouts"}, {"move_write", "Log moves and workouts"},
			{"sleep_read", "Read your sleep"}, {"sleep_write", "Log sleep"},
			{"meal_read", "Read your meals"}, {"meal_write", "Log meals"},
			{"weight_read", "Read your weight"}, {"weight_write", "Log weight"},
			{"generic_event_read", "Read generic events"}, {"generic_event_write", "Log generic events"},
			{"heartrate_read", "Read your resting heart rate"},
		},
		defaultScopes: []string{"basic_read"},
	},
}

func mustSpec(flavor string) *flavorSpec {
	sp, ok := specs[flavor]
	if !ok {
		panic(fmt.Sprintf("sandbox: unknown flavour %q", flavor))
	}
	return sp
}

func (sp *flavorSpec) scopeDesc(name string) (string, bool) {
	if sp.name == Oura {
		name = strings.TrimPrefix(name, ouraNewScopePrefix)
	}
	for _, s := range sp.scopes {
		if s.name == name {
			return s.desc, true
		}
	}
	return "", false
}
