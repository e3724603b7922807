package freshness_test

import (
	"testing"

	"spean/generator/internal/browsertest"
)

// TestMain removes the generator binary the browser tests compiled.
func TestMain(m *testing.M) { browsertest.Main(m) }
