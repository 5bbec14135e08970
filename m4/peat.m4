# SPDX-License-Identifier: MIT
# peat.m4 - configure's own checks (configure.ac says which it makes).

# PEAT_REQUIRE(VAR, MODULE, MIN, DEBIAN-PACKAGES): VAR_CFLAGS and VAR_LIBS
# from pkg-config's MODULE, at least version MIN when MIN is given. A failure
# names the Debian packages to install, and a module that is there but too
# old is said to be too old, with its version, not "not found".
AC_DEFUN([PEAT_REQUIRE], [
  PKG_CHECK_MODULES([$1], [$2]m4_ifnblank([$3], [ >= $3]), [], [
    AS_IF([$PKG_CONFIG --exists '$2' 2>/dev/null],
      [peat_found=`$PKG_CONFIG --modversion '$2' 2>/dev/null`
       AC_MSG_ERROR([$2 $peat_found is too old: peat needs $3 or newer; on Debian install it with: apt-get install $4])],
      [AC_MSG_ERROR([$2 was not found; on Debian install it with: apt-get install $4])])])
])

# PEAT_SHLIB_SUFFIX: peat_shlib_ext, the suffix of the host's shared
# libraries (".so", ".dylib" on macOS), and peat_shlib_style, how a library's
# major version is added to its name: "elf" (libcurl.so.4) or "darwin"
# (libcurl.4.dylib).
AC_DEFUN([PEAT_SHLIB_SUFFIX], [
  AC_REQUIRE([AC_CANONICAL_HOST])
  AC_MSG_CHECKING([the suffix of shared libraries])
  AS_CASE([$host_os],
    [darwin*], [peat_shlib_ext=.dylib peat_shlib_style=darwin],
    [cygwin* | mingw* | msys*], [peat_shlib_ext=.dll peat_shlib_style=dll],
    [peat_shlib_ext=.so peat_shlib_style=elf])
  AC_MSG_RESULT([$peat_shlib_ext])
])

# PEAT_SONAME(MACRO, PKG, LIB, MAJOR): MACRO is defined to the name under
# which dlopen() finds libLIB, read from the library in the libdir
# pkg-config gives for PKG: its ELF SONAME (objdump or readelf), or its
# Mach-O install name (otool -D). When that cannot be read, the usual name
# for major version MAJOR: libLIB.so.MAJOR, libLIB.MAJOR.dylib.
AC_DEFUN([PEAT_SONAME], [
  AC_REQUIRE([PEAT_SHLIB_SUFFIX])
  AC_MSG_CHECKING([the name to dlopen lib$3 by])
  peat_soname=
  peat_libdir=`$PKG_CONFIG --variable=libdir $2 2>/dev/null`
  peat_lib="$peat_libdir/lib$3$peat_shlib_ext"
  AS_IF([test -n "$peat_libdir" && test -e "$peat_lib"], [
    AS_CASE([$peat_shlib_style],
      [elf], [peat_soname=$( (objdump -p "$peat_lib" || readelf -d "$peat_lib") 2>/dev/null |
         sed -n 's/^.*SONAME.*@<:@@<:@ @:>@\(lib$3@<:@^@:>@ @:>@*\).*$/\1/p' | head -n 1)],
      [darwin], [peat_soname=$(otool -D "$peat_lib" 2>/dev/null | sed -n '2p')])])
  AS_IF([test -z "$peat_soname"], [
    AS_CASE([$peat_shlib_style],
      [darwin], [peat_soname=lib$3.$4.dylib],
      [dll], [peat_soname=lib$3-$4.dll],
      [peat_soname=lib$3.so.$4])])
  AC_MSG_RESULT([$peat_soname])
  AC_DEFINE_UNQUOTED([$1], ["$peat_soname"], [the name libLIB is opened by with dlopen])
])

# PEAT_COMPLETION_DIR(SHELL, VAR, PKG, DEFAULT): VAR, where SHELL's
# completions are installed: --with-SHELL-completion-dir=DIR, else the
# completionsdir of pkg-config's PKG (bash-completion, fish) read relative to
# ${datadir}, so that an install under another prefix (make distcheck) stays
# there, else DEFAULT.
AC_DEFUN([PEAT_COMPLETION_DIR], [
  AC_ARG_WITH([$1-completion-dir],
    AS_HELP_STRING([--with-$1-completion-dir=DIR], [where $1 completions are installed (default: $4)]),
    [$2=$withval], [
    $2=
    m4_ifnblank([$3], [$2=`$PKG_CONFIG --define-variable=datadir='${datadir}' --variable=completionsdir $3 2>/dev/null`])
    AS_IF([test -z "$$2"], [$2='$4'])])
  AC_SUBST([$2])
])

# PEAT_CHECK_ICONV: iconv_open() from the C library (glibc, macOS, the
# BSDs' own) or else from GNU libiconv, whose header renames the functions
# (iconv_open is libiconv_open there), so the test links a program that
# includes <iconv.h> rather than looking for a symbol.
AC_DEFUN([PEAT_CHECK_ICONV], [
  AC_MSG_CHECKING([where iconv is])
  peat_iconv=no
  AC_LINK_IFELSE([AC_LANG_PROGRAM([[#include <iconv.h>]],
      [[iconv_t cd = iconv_open("UTF-8", "UTF-16"); return cd == (iconv_t)-1;]])],
    [peat_iconv="the C library"], [
    peat_saved_LIBS=$LIBS
    LIBS="$LIBS -liconv"
    AC_LINK_IFELSE([AC_LANG_PROGRAM([[#include <iconv.h>]],
        [[iconv_t cd = iconv_open("UTF-8", "UTF-16"); return cd == (iconv_t)-1;]])],
      [peat_iconv=-liconv], [LIBS=$peat_saved_LIBS])])
  AC_MSG_RESULT([$peat_iconv])
  AS_IF([test "x$peat_iconv" = xno],
    [AC_MSG_ERROR([iconv was not found in the C library nor in libiconv (it is in glibc; on Debian install: apt-get install libc6-dev)])])
])
