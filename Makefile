# gaoqi — the two commands: `make run` and `make test`. See README.md.
#
#   make          build build/gaoqi (and the web UI when its packages are installed)
#   make deps     install what is missing (Debian packages, npm packages)
#   make run      deps + build + demo database + serve on http://127.0.0.1:8080
#   make test     deps + build + every test suite
#   make asan     the unit and API tests under AddressSanitizer + UBSan
#   make fuzz     a short libFuzzer run of every fuzz target
#   make format   reformat the C sources; make format-check checks them (CI)

BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
DEMO_DB ?= demo.db
DEMO_PASSWORD ?= gaoqi2026
LISTEN ?= 127.0.0.1:8080
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian packages needed to build, run and test. `make deps` installs only the missing ones.
DEB_PACKAGES := build-essential cmake pkg-config clang clang-format libclang-rt-14-dev \
	libsqlite3-dev sqlite3 libjansson-dev libmicrohttpd-dev libsodium-dev \
	libcmocka-dev libzip-dev libexpat1-dev libxlsxwriter-dev libpq-dev \
	postgresql postgresql-common \
	libcurl4-openssl-dev zlib1g-dev libisal-dev \
	chromium fonts-noto-cjk tzdata \
	libreoffice-calc-nogui

C_SOURCES = $(shell git ls-files --cached --others --exclude-standard 'src/*.c' 'src/*.h' 'tests/*.c' 'tests/*.h' 'tools/*.c' 2>/dev/null)

.PHONY: all build deps deps-apt deps-npm run test asan fuzz format format-check clean

all: build

deps: deps-apt deps-npm

deps-apt:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# npm packages of the UI (web/) and of the browser tests (tests/e2e/): `npm ci`
# when node_modules is missing or older than package-lock.json.
NPM_DIRS := web tests/e2e
deps-npm:
	@command -v npm >/dev/null || { echo "deps: npm not found (Node.js 20 is needed for the web UI)"; exit 1; }
	@for d in $(NPM_DIRS); do \
	  if [ ! -d $$d/node_modules ] || [ $$d/package-lock.json -nt $$d/node_modules ]; then \
	    echo "npm ci in $$d"; (cd $$d && npm ci --no-audit --no-fund) && touch $$d/node_modules || exit 1; \
	  fi; \
	done

# The web UI is built by Vite into web/dist (embedded into the binary by CMake)
# when its sources changed and its packages are installed.
WEB_SOURCES := $(shell find web/src -type f 2>/dev/null) web/index.html web/vite.config.js \
	web/package.json web/package-lock.json
web/dist/index.html: $(WEB_SOURCES)
	@if [ -d web/node_modules ]; then cd web && npm run build; \
	else echo "web: packages not installed (make deps); the UI is not rebuilt"; fi

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: $(BUILD)/CMakeCache.txt web/dist/index.html
	cmake --build $(BUILD) -j $(JOBS)

run: deps build
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm $(DEMO_DB)-journal
	@$(BUILD)/gaoqi demo --db $(DEMO_DB) --password '$(DEMO_PASSWORD)'
	@echo "gaoqi: serving $(DEMO_DB) on http://$(LISTEN)/ — log in with an account above (Ctrl-C stops)"
	@exec $(BUILD)/gaoqi serve --db $(DEMO_DB) --listen $(LISTEN)

test: deps build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

asan: deps
	cmake -S . -B $(BUILD)-asan -DCMAKE_BUILD_TYPE=Debug -DGAOQI_SANITIZE=ON \
	  -DCMAKE_C_COMPILER=clang
	cmake --build $(BUILD)-asan -j $(JOBS)
	cd $(BUILD)-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS) -L 'unit|api|cli'

fuzz: deps
	cmake -S . -B $(BUILD)-fuzz -DCMAKE_BUILD_TYPE=Debug -DGAOQI_FUZZ=ON \
	  -DCMAKE_C_COMPILER=clang
	cmake --build $(BUILD)-fuzz -j $(JOBS)
	bash tests/fuzz/run.sh $(BUILD)-fuzz $${FUZZ_SECONDS:-20}

format:
	clang-format -i $(C_SOURCES)

format-check:
	clang-format --dry-run -Werror $(C_SOURCES)

clean:
	rm -rf $(BUILD) $(BUILD)-asan $(BUILD)-fuzz
