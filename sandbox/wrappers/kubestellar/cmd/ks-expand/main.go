// Command ks-expand is the differential oracle for the library's template expansion
// (test/differential/template-expansion.test.ts, built by sandbox/template-oracle.sh).
// It expands each case with KubeStellar's own customize.ExpandTemplates (the module pinned
// by this wrapper's go.mod, v0.30.0), not with a copy of it, so the judge is the code the
// real transport controller runs on every leaf string of a workload.
//
// Input: JSON lines {"name": string, "template": string, "data": {string: string}} on stdin.
// Output: one JSON line per input line, in the same order:
//
//	{"text": string, "errors": [string]}   the expansion and the errors ExpandTemplates collected
//	{"timeout": true}                      the case ran longer than -timeout
//	{"panic": string}                      the case panicked (text/template re-panics runtime errors)
//	{"badInput": string}                   the line is not a valid case
//
// Strings cross as JSON. encoding/json writes every byte of invalid UTF-8 in the text (an
// interpreted string such as "\xff", or slice cutting a multi-byte rune) as U+FFFD, one per
// byte; that is also what reaches a ManifestWork, because the transport controller marshals
// the expanded object to JSON before wrapping it. The library, which works on JavaScript
// strings, has to produce the same U+FFFD.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/kubestellar/kubestellar/pkg/customize"
)

type testCase struct {
	Name     string            `json:"name"`
	Template string            `json:"template"`
	Data     map[string]string `json:"data"`
}

type result struct {
	// Pointers, so that a completed case always has both keys (errors [] when none) and the
	// other outcomes have neither.
	Text     *string   `json:"text,omitempty"`
	Errors   *[]string `json:"errors,omitempty"`
	Timeout  bool      `json:"timeout,omitempty"`
	Panic    string    `json:"panic,omitempty"`
	BadInput string    `json:"badInput,omitempty"`
}

func main() {
	timeout := flag.Duration("timeout", 10*time.Second, "time limit of one case")
	flag.Parse()

	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	// Keep <, > and & readable; any JSON reader decodes both spellings the same.
	enc.SetEscapeHTML(false)

	for {
		line, err := in.ReadBytes('\n')
		if len(line) > 0 {
			if encErr := enc.Encode(runLine(line, *timeout)); encErr != nil {
				fail("writing a result: %v", encErr)
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			fail("reading stdin: %v", err)
		}
	}
	if err := out.Flush(); err != nil {
		fail("writing stdout: %v", err)
	}
	// A case that timed out may still be running in its goroutine; exiting stops it.
	os.Exit(0)
}

func runLine(line []byte, timeout time.Duration) result {
	var c testCase
	if err := json.Unmarshal(line, &c); err != nil {
		return result{BadInput: err.Error()}
	}
	if c.Data == nil {
		c.Data = map[string]string{}
	}
	// Each case runs in a goroutine of its own, so one that runs away (a huge range, deep
	// recursion) is reported as a timeout and the run goes on with the next case.
	done := make(chan result, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- result{Panic: fmt.Sprint(p)}
			}
		}()
		done <- expand(c)
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case r := <-done:
		return r
	case <-timer.C:
		return result{Timeout: true}
	}
}

// expand runs KubeStellar's expansion on the case's template as one leaf string: the input
// is a plain string, so ExpandTemplates names the template exactly c.Name.
func expand(c testCase) result {
	output, _, errs := customize.ExpandTemplates(c.Name, c.Template, c.Data)
	text, ok := output.(string)
	if !ok {
		return result{Panic: fmt.Sprintf("ExpandTemplates returned %T, not a string", output)}
	}
	if errs == nil {
		errs = []string{}
	}
	return result{Text: &text, Errors: &errs}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "ks-expand: "+format+"\n", args...)
	os.Exit(1)
}
