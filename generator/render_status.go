package main

import "spean/generator/status"

// statusPage draws /status/, the translation status page. It is not in
// renderers: only `build --status` adds it, last, so every asset name
// other renderers publish for the layouts is known when it renders.
var statusPage = status.New("")
