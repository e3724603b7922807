package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// AxeVersion is the axe-core release the accessibility checks run; pinned
// so a new rule upstream cannot turn CI red overnight.
const AxeVersion = "4.14.1"

var (
	axeOnce sync.Once
	axeSrc  string
	axeErr  error
)

// AxeSource returns axe.min.js, installing axe-core with npm into the
// user's cache folder (outside the repository) the first time. Without npm
// the test skips, or fails under CI=true.
func AxeSource(t testing.TB) string {
	t.Helper()
	axeOnce.Do(func() {
		cache, err := os.UserCacheDir()
		if err != nil {
			axeErr = err
			return
		}
		prefix := filepath.Join(cache, "spean", "npm-axe-"+AxeVersion)
		file := filepath.Join(prefix, "node_modules", "axe-core", "axe.min.js")
		if _, err := os.Stat(file); err != nil {
			npm, err := exec.LookPath("npm")
			if err != nil {
				axeErr = fmt.Errorf("npm not found (apt-get install npm): %w", err)
				return
			}
			out, err := exec.Command(npm, "install", "--prefix", prefix, "--no-audit", "--no-fund", "--no-save", "axe-core@"+AxeVersion).CombinedOutput()
			if err != nil {
				axeErr = fmt.Errorf("npm install axe-core@%s: %v\n%s", AxeVersion, err, out)
				return
			}
		}
		b, err := os.ReadFile(file)
		axeSrc, axeErr = string(b), err
	})
	if axeErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("browsertest: %v", axeErr)
		}
		t.Skipf("browsertest: %v", axeErr)
	}
	return axeSrc
}

// AxeViolation is one failed axe rule with the elements that fail it.
type AxeViolation struct {
	ID    string `json:"id"`
	Help  string `json:"help"`
	Nodes []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

func (v AxeViolation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s", v.ID, v.Help)
	for i, n := range v.Nodes {
		if i == 3 {
			fmt.Fprintf(&b, "\n    … %d more", len(v.Nodes)-3)
			break
		}
		fmt.Fprintf(&b, "\n    %v %s", n.Target, n.HTML)
	}
	return b.String()
}

// Axe injects axe-core into the current page (once) and runs the WCAG 2.x
// A and AA rules plus axe's best practices, or only the named rules.
func Axe(ctx context.Context, src string, rules ...string) ([]AxeViolation, error) {
	// A JSON string is a JavaScript string literal; the source is
	// evaluated globally, and only where axe is not loaded yet.
	quoted, _ := json.Marshal(src)
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.axe ? 0 : ((0, eval)(`+string(quoted)+`), 0)`)); err != nil {
		return nil, fmt.Errorf("inject axe-core: %w", err)
	}
	only := `{type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}`
	if len(rules) > 0 {
		b, _ := json.Marshal(rules)
		only = `{type: 'rule', values: ` + string(b) + `}`
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {
		runOnly: `+only+`,
		resultTypes: ['violations']
	}).then(r => JSON.stringify(r.violations))`, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("run axe-core: %w", err)
	}
	var v []AxeViolation
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		return nil, fmt.Errorf("axe-core result: %w", err)
	}
	return v, nil
}
