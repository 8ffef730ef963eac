/* TorchSharp 0.107's libLibTorchSharp.so was built with GCC 13+, which emits a call to
   std::ios_base_library_init() (GLIBCXX_3.4.32) in every file that includes <iostream>.
   Debian 12's libstdc++ (GCC 12) predates it. libtorch still runs its own static iostream
   initialisation, so a no-op is a safe stand-in. */
void _ZSt21ios_base_library_initv(void) {}
