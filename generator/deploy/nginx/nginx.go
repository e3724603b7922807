// Package nginx runs Debian's nginx with the repository's docs/nginx.conf
// for a built site, on 127.0.0.1 with a temporary prefix: what the nginx test
// (generator/deploy) and the Lighthouse measurements (scripts/lighthouse.go)
// serve the site with, so both check the configuration readers get.
package nginx

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"
)

// Config is docs/nginx.conf, found from this file's place in the
// repository.
func Config() ([]byte, error) {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return nil, errors.New("nginx: cannot find docs/nginx.conf")
	}
	return os.ReadFile(filepath.Join(filepath.Dir(file), "..", "..", "..", "docs", "nginx.conf"))
}

// Server is a running nginx.
type Server struct {
	URL    string // with a trailing slash
	Prefix string // its temporary folder, with error.log
	cmd    *exec.Cmd
}

// Start serves site (a built output folder) with docs/nginx.conf, changed only
// where it names the machine: the site's folder and the address. edit,
// if not nil, changes the configuration further (to switch on an option).
// prefix is an empty folder for nginx's own files.
func Start(bin, site, prefix string, edit func(string) string) (*Server, error) {
	conf, err := Config()
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	c := string(conf)
	for _, r := range []struct{ old, new string }{
		{"include /srv/spean/public/_nginx.conf;", "include " + filepath.Join(site, "_nginx.conf") + ";"},
		{"root /srv/spean/public;", "root " + site + ";"},
		{"    listen 80;\n", "    listen " + addr + ";\n"},
		{"    listen [::]:80;\n", ""},
	} {
		if strings.Count(c, r.old) != 1 {
			return nil, fmt.Errorf("docs/nginx.conf no longer has %q once: update generator/deploy/nginx/nginx.go with it", r.old)
		}
		c = strings.Replace(c, r.old, r.new, 1)
	}
	if edit != nil {
		c = edit(c)
	}
	user := ""
	if os.Geteuid() == 0 {
		// Workers would run as nobody, who may not read the site.
		user = "user root;\n"
	}
	main := fmt.Sprintf(`%sworker_processes 1;
error_log %[2]s/error.log warn;
pid %[2]s/nginx.pid;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    client_body_temp_path %[2]s/body;
    proxy_temp_path %[2]s/proxy;
    fastcgi_temp_path %[2]s/fastcgi;
    uwsgi_temp_path %[2]s/uwsgi;
    scgi_temp_path %[2]s/scgi;
    include %[2]s/spean.conf;
}
`, user, prefix)
	if err := os.WriteFile(filepath.Join(prefix, "spean.conf"), []byte(c), 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(prefix, "nginx.conf"), []byte(main), 0o644); err != nil {
		return nil, err
	}
	args := []string{"-p", prefix, "-c", filepath.Join(prefix, "nginx.conf"), "-e", filepath.Join(prefix, "error.log")}
	if out, err := exec.Command(bin, append(args, "-t", "-q")...).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("nginx -t: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, append(args, "-g", "daemon off;")...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &Server{URL: "http://" + addr + "/", Prefix: prefix, cmd: cmd}
	for i := 0; ; i++ {
		if conn, err := net.Dial("tcp", addr); err == nil {
			conn.Close()
			return s, nil
		}
		if i > 200 {
			s.Stop()
			log, _ := os.ReadFile(filepath.Join(prefix, "error.log"))
			return nil, fmt.Errorf("nginx did not start: %s\n%s", stderr.String(), log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Stop ends the nginx this Server started (its master process, which takes
// its worker with it), gracefully, then for good after five seconds.
func (s *Server) Stop() {
	_ = s.cmd.Process.Signal(syscall.SIGQUIT)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
}

// Binary finds Debian's nginx: $NGINX, /usr/sbin/nginx, then $PATH.
func Binary() string {
	for _, p := range []string{os.Getenv("NGINX"), "/usr/sbin/nginx"} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("nginx"); err == nil {
		return p
	}
	return ""
}
