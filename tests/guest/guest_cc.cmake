# Finds a C compiler that builds static i386 Linux programs: the host gcc with
# -m32 (gcc-multilib, as scripts/install-deps installs) or, failing that, the
# Debian cross compiler i686-linux-gnu-gcc. Sets CM_GUEST_CC_CMD to the
# compiler (empty if none works). Used by tests/guest and tests/elf.
set(CM_GUEST_CC gcc CACHE STRING "C compiler for guest programs (needs -m32 -static: gcc-multilib)")
get_property(_cm_probed GLOBAL PROPERTY CM_GUEST_CC_CMD SET)
if(_cm_probed)
  get_property(CM_GUEST_CC_CMD GLOBAL PROPERTY CM_GUEST_CC_CMD)
else()
  set(_cm_probe_dir ${PROJECT_BINARY_DIR}/tests/guest-cc-probe)
  file(MAKE_DIRECTORY ${_cm_probe_dir})
  file(WRITE ${_cm_probe_dir}/probe.c
       "#include <errno.h>\n#include <stdio.h>\n#include <math.h>\n"
       "int main(void){printf(\"%g %d\\n\", sqrt(2.0), ENOENT);return 0;}\n")
  set(CM_GUEST_CC_CMD "")
  foreach(cc IN ITEMS ${CM_GUEST_CC} i686-linux-gnu-gcc)
    execute_process(COMMAND ${cc} -m32 -static -o ${_cm_probe_dir}/probe ${_cm_probe_dir}/probe.c -lm
                    RESULT_VARIABLE _cm_probe_rc OUTPUT_QUIET ERROR_QUIET)
    if(_cm_probe_rc EQUAL 0)
      set(CM_GUEST_CC_CMD ${cc})
      break()
    endif()
  endforeach()
  if(CM_GUEST_CC_CMD AND NOT CM_GUEST_CC_CMD STREQUAL CM_GUEST_CC)
    message(STATUS "Guest C compiler: ${CM_GUEST_CC} -m32 does not work, using ${CM_GUEST_CC_CMD}")
  endif()
  set_property(GLOBAL PROPERTY CM_GUEST_CC_CMD "${CM_GUEST_CC_CMD}") # probed once per configure
endif()
