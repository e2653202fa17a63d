# ctest `golden`: regenerate the golden file into the build tree and compare
# it with the committed one. Arguments: GEN (golden_gen), BIN (idioms.bin),
# OUT (generated file), REF (committed tests/golden/idioms.txt).
execute_process(COMMAND ${GEN} ${BIN} -o ${OUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "golden_gen failed (${rc})")
endif()
execute_process(COMMAND diff -u ${REF} ${OUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the translations differ from ${REF} (diff above). If the change is "
                      "intended, run scripts/update-golden and commit the new file with the change.")
endif()
