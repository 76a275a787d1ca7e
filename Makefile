# dpconsole: build, test and measure. `make demo` and `make test` are the two
# commands a fresh machine needs (Go 1.26; modules come from the proxy).

GO       ?= go
FUZZTIME ?= 15s
# staticcheck, pinned: the newest release that works with Go 1.26.
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
# The version `make build` stamps into the binary; a binary built without it
# names itself from its build information (`dpconsole version`).
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null)
LDFLAGS  := $(if $(VERSION),-X dpconsole/gateway.Version=$(VERSION))

.PHONY: build test fmt-check vet lint bench fuzz demo man screenshots clean

build:
	$(GO) build -buildvcs=auto -ldflags "$(LDFLAGS)" -o dpconsole .

# The gate CI runs: formatting, vet, staticcheck, and every test under the
# race detector.
test: fmt-check vet lint
	$(GO) test -race ./...

fmt-check:
	@unformatted="$$(gofmt -l .)"; \
	if [ -n "$$unformatted" ]; then \
		echo "gofmt would change these files (run: gofmt -w .):"; echo "$$unformatted"; exit 1; \
	fi

vet:
	$(GO) vet ./...

lint:
	$(GO) run $(STATICCHECK) ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Every Fuzz target of every package, FUZZTIME each (go test fuzzes one
# target at a time).
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
		list=$$($(GO) test -list '^Fuzz' $$pkg) || { echo "$$list"; exit 1; }; \
		for target in $$list; do \
			case $$target in Fuzz*) \
				echo "== $$pkg $$target ($(FUZZTIME))"; \
				$(GO) test -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) $$pkg;; \
			esac; \
		done; \
	done

# The man page, built from the command tree (`dpconsole man`); committed,
# and a test fails when it is out of date.
man:
	$(GO) run . man > docs/dpconsole.1.tmp && mv docs/dpconsole.1.tmp docs/dpconsole.1

# The README's pictures: the demo console in tmux at 110x32, each screen
# captured with its colours and rendered to docs/images/*.png by freeze
# (pinned in tools/freeze). Needs Go and tmux.
screenshots:
	GO=$(GO) bash docs/screenshots.sh

# The console on the embedded mock host.
demo:
	$(GO) run . --demo

clean:
	rm -f dpconsole
