package diag

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Format is a way of writing findings for a reader or a tool. This file is
// the one place findings are formatted, so `check`, CI and editors agree.
type Format string

const (
	// Text is for people: one line per finding,
	// file:line:col: severity: message (hint) [code].
	Text Format = "text"
	// JSON is for tools: one object with every finding and the counts.
	JSON Format = "json"
	// GitHub is for GitHub Actions: one workflow command per finding
	// (::error file=…,line=…,col=…,title=…::…), which the pull request
	// shows on the line it names.
	GitHub Format = "github"
)

// Formats lists the formats, for help texts and messages.
var Formats = []Format{Text, JSON, GitHub}

// ParseFormat checks a format name from the command line.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
	}
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return "", fmt.Errorf("unknown format %q (want %s)", s, strings.Join(names, ", "))
}

// Counts returns how many diagnostics there are of each severity.
func (l List) Counts() (errors, warnings, infos int) {
	for _, d := range l {
		switch d.Severity {
		case Error:
			errors++
		case Warning:
			warnings++
		default:
			infos++
		}
	}
	return errors, warnings, infos
}

// Line is d as one line of text. Unlike String (the build's messages, where
// everything is an error unless it says otherwise), every line names its
// severity and ends with the code in brackets, since check mixes errors,
// warnings and info and tools filter on the code.
func (d Diagnostic) Line() string {
	var b strings.Builder
	b.WriteString(d.Pos.String())
	b.WriteString(": ")
	b.WriteString(d.Severity.String())
	b.WriteString(": ")
	b.WriteString(d.Message)
	if d.Hint != "" {
		b.WriteString(" (" + d.Hint + ")")
	}
	b.WriteString(" [" + d.Code + "]")
	return b.String()
}

// jsonFinding is one finding in the JSON format: a stable shape for editors
// and CI tools.
type jsonFinding struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Message  string `json:"message"`
	Hint     string `json:"hint,omitempty"`
}

// Write writes l to w in format f. For GitHub, prefix is put before every
// file name: annotations name files from the top of the repository, and
// the site may be a folder inside it ("" when it is the top).
func (f Format) Write(w io.Writer, l List, prefix string) error {
	switch f {
	case JSON:
		e, wn, i := l.Counts()
		out := struct {
			Findings []jsonFinding `json:"findings"`
			Errors   int           `json:"errors"`
			Warnings int           `json:"warnings"`
			Info     int           `json:"info"`
		}{Findings: []jsonFinding{}, Errors: e, Warnings: wn, Info: i}
		for _, d := range l {
			out.Findings = append(out.Findings, jsonFinding{File: d.Pos.File, Line: d.Pos.Line, Col: d.Pos.Col,
				Severity: d.Severity.String(), Code: d.Code, Message: d.Message, Hint: d.Hint})
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	case GitHub:
		for _, d := range l {
			if _, err := io.WriteString(w, d.annotation(prefix)+"\n"); err != nil {
				return err
			}
		}
		// GitHub shows at most ten annotations of each kind from one
		// step on a pull request's lines, and drops the rest silently:
		// say how many there are, and where they all are.
		if e, wn, i := l.Counts(); max(e, wn, i) > githubShown {
			_, err := fmt.Fprintf(w, "::notice title=check::%d error(s), %d warning(s), %d notice(s) in all; a pull request shows only the first %d of each kind on its lines: every one is in the log of this step\n", e, wn, i, githubShown)
			return err
		}
		return nil
	default:
		for _, d := range l {
			if _, err := io.WriteString(w, d.Line()+"\n"); err != nil {
				return err
			}
		}
		return nil
	}
}

// githubShown is how many annotations of each kind (error, warning,
// notice) GitHub shows from one step of a workflow.
const githubShown = 10

// annotation is d as a GitHub Actions workflow command. Errors, warnings
// and info become ::error, ::warning and ::notice; the code is the title.
// A finding about a whole file (no line) is annotated on the file.
func (d Diagnostic) annotation(prefix string) string {
	cmd := "error"
	switch d.Severity {
	case Warning:
		cmd = "warning"
	case Info:
		cmd = "notice"
	}
	props := []string{"file=" + escapeProperty(prefix+d.Pos.File)}
	if d.Pos.Line > 0 {
		props = append(props, fmt.Sprintf("line=%d", d.Pos.Line))
		if d.Pos.Col > 0 {
			props = append(props, fmt.Sprintf("col=%d", d.Pos.Col))
		}
	}
	if d.Code != "" {
		props = append(props, "title="+escapeProperty(d.Code))
	}
	msg := d.Message
	if d.Hint != "" {
		msg += " (" + d.Hint + ")"
	}
	return "::" + cmd + " " + strings.Join(props, ",") + "::" + escapeData(msg)
}

// escapeData and escapeProperty encode what would end a workflow command
// early, as the Actions toolkit does (@actions/core, command.ts): a
// message may hold newlines and percent signs, a property also colons and
// commas.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
