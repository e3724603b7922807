// Package chromium holds how Spean starts headless Chromium, shared by the
// leaflet printer and the browser tests so both run it the same way.
package chromium

import "github.com/chromedp/chromedp"

// Options are the allocator options for the Chromium at path. The flags keep
// it from calling home, which on a closed network makes it stall, and the
// host rules make any request to a host other than 127.0.0.1 fail at once:
// nothing Spean builds may use anything from outside.
func Options(path string, extra ...chromedp.ExecAllocatorOption) []chromedp.ExecAllocatorOption {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
	)
	return append(opts, extra...)
}
