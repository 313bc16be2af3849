#!/bin/sh
# Build the pinned third-party libraries statically into PREFIX.
#   TARGET=musl : musl-gcc, for the shipped static binary (BearSSL, curl, tpm2-tss, jsmn)
#   TARGET=host : the host compiler, for unit tests and fuzzing (the same four)
# Usage: build-deps.sh TARGET TARBALL_DIR PREFIX
# Every compilation maps the build directory to /deps so no absolute path of
# this machine ends up in the objects (reproducible builds, docs/REPRODUCING.md).
set -eu
target=${1:?target}
tarballs=$(cd "${2:?tarball dir}" && pwd)
prefix=${3:?prefix}
here=$(cd "$(dirname "$0")" && pwd)
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}

export LC_ALL=C TZ=UTC
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}

case "$target" in
musl) cc=musl-gcc ;;
host) cc=${HOST_CC:-cc} ;;
*) echo "build-deps: unknown target $target" >&2; exit 2 ;;
esac

rm -rf "$prefix"
work="$prefix.work"
rm -rf "$work"
mkdir -p "$work" "$prefix/lib" "$prefix/include"
work=$(cd "$work" && pwd)
prefix=$(cd "$prefix" && pwd)
log="$prefix/build.log"
: >"$log"

map="-ffile-prefix-map=$work=/deps"
# No unwind tables in the static product: C only, nothing unwinds, and .eh_frame was ~100 KB.
base_cflags="-Os -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -fno-unwind-tables $map"
[ "$target" = host ] && base_cflags="-O2 -fPIC $map"

stage() { # name command...
	name=$1; shift
	t0=$(date +%s)
	set +e
	(set -e; "$@") >>"$log" 2>&1
	rc=$?
	set -e
	if [ "$rc" != 0 ]; then
		echo "build-deps: $target: $name failed; last lines of $log:" >&2
		tail -n 30 "$log" >&2
		exit 1
	fi
	echo "build-deps: $target: $name $(($(date +%s) - t0)) s"
}

tarball() { for f in "$tarballs"/$1; do echo "$f"; return; done; }

build_bearssl() {
	cd "$work" && tar xf "$(tarball 'bearssl_*.orig.tar.xz')" && cd bearssl-0.6
	make -j"$jobs" CONF=Unix CC="$cc" LD="$cc" LDDLL="$cc" CFLAGS="-W -Wall $base_cflags" lib
	cp build/libbearssl.a "$prefix/lib/"
	cp inc/*.h "$prefix/include/"
}

build_jsmn() {
	cd "$work" && tar xf "$(tarball 'jsmn_*.orig.tar.gz')"
	cp jsmn-1.1.0/jsmn.h "$prefix/include/"
}

build_tss() {
	cd "$work" && tar xf "$(tarball 'tpm2-tss_*.orig.tar.gz')" && cd tpm2-tss-4.1.3
	# The orig tarball is a git snapshot: no configure, and bootstrap calls git describe.
	echo 4.1.3 >VERSION
	sed 's/^git describe.*VERSION$/: # VERSION written by build-deps.sh/' bootstrap >bootstrap.nogit
	sh ./bootstrap.nogit
	mkdir -p build && cd build
	# --with-maxloglevel=none: no tpm2-tss log code at all. Its log lines on stderr would break
	# the one-line error contract, and our own errors name the decoded TPM response code
	# (src/tpm/tpm_rc.c); it also makes the binary about 45 KB smaller.
	../configure CC="$cc" CFLAGS="$base_cflags" CPPFLAGS="-idirafter $here/shim" \
		--prefix=/opt/attest-deps --disable-shared --enable-static --with-crypto=none \
		--disable-fapi --disable-policy --disable-tcti-mssim --disable-tcti-pcap \
		--disable-tcti-libtpms --disable-tcti-cmd --disable-tcti-spi-helper \
		--disable-tcti-spi-ltt2go --disable-tcti-spidev --disable-tcti-spi-ftdi \
		--disable-tcti-i2c-helper --disable-tcti-i2c-ftdi --disable-doxygen-doc \
		--disable-unit --disable-integration --with-maxloglevel=none --disable-log-file
	make -j"$jobs"
	make install-libLTLIBRARIES install-tss2HEADERS DESTDIR="$work/tss-stage"
	cp "$work"/tss-stage/opt/attest-deps/lib/*.a "$prefix/lib/"
	cp -r "$work"/tss-stage/opt/attest-deps/include/tss2 "$prefix/include/"
	# Every TCTI archive exports Tss2_Tcti_Info; linking two of them statically
	# clashes (fixed upstream after 4.1.3), so make the symbol local.
	for a in "$prefix"/lib/libtss2-tcti-*.a; do objcopy --localize-symbol=Tss2_Tcti_Info "$a"; done
}

build_curl() {
	cd "$work" && tar xf "$(tarball 'curl_*.orig.tar.gz')" && mkdir curl-build && cd curl-build
	../curl-8.14.1/configure CC="$cc" CFLAGS="$base_cflags" \
		CPPFLAGS="-I$prefix/include" LDFLAGS="-L$prefix/lib" \
		--prefix=/opt/attest-deps --disable-shared --enable-static --with-bearssl="$prefix" \
		--disable-ftp --disable-file --disable-ldap --disable-ldaps --disable-rtsp --disable-dict \
		--disable-telnet --disable-tftp --disable-pop3 --disable-imap --disable-smb --disable-smtp \
		--disable-gopher --disable-mqtt --disable-manual --disable-docs --disable-ntlm \
		--disable-kerberos-auth --disable-negotiate-auth --disable-aws --disable-alt-svc --disable-doh \
		--disable-netrc --disable-ipfs --disable-websockets --disable-cookies --disable-progress-meter \
		--without-libidn2 --without-libpsl --without-zlib --without-brotli --without-zstd \
		--without-nghttp2 --without-libssh2 --without-libssh --without-librtmp --without-libgsasl \
		--without-ca-bundle --without-ca-path --without-ca-embed \
		--disable-http-auth --disable-mime --disable-form-api --disable-hsts --disable-verbose \
		--disable-headers-api --disable-get-easy-options --disable-libcurl-option \
		--disable-bindlocal --disable-unix-sockets --disable-dnsshuffle --disable-sha512-256 \
		--disable-tls-srp --disable-dateparse --disable-sspi --disable-httpsrr --disable-ssls-export
	make -j"$jobs" -C lib libcurl.la
	cp lib/.libs/libcurl.a "$prefix/lib/"
	mkdir -p "$prefix/include/curl"
	cp ../curl-8.14.1/include/curl/*.h "$prefix/include/curl/"
}

stage bearssl build_bearssl
stage jsmn build_jsmn
stage tpm2-tss build_tss
stage curl build_curl
rm -rf "$work"
echo "build-deps: $target: done -> $prefix"
