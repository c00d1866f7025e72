//go:build !race

package providers_test

const raceOn = false
