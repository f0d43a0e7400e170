{
  # The addon and one static library per instruction set: node-gyp cannot give one source file its own
  # flags, so each level's hot loops (native/isa_<level>.cc) are built as their own library with their
  # own -m flags and linked in; native/dispatch.cc picks one at load from cpuid.
  "target_defaults": {
    "cflags_cc!": ["-std=gnu++17", "-fno-exceptions"],
    "cflags_cc": ["-std=c++17", "-O3", "-fno-math-errno", "-fPIC", "-Wall", "-Wextra", "-Wno-unused-parameter"],
    "conditions": [
      # Binds a few symbols to their oldest versions, so the prebuilt addon loads on older glibc.
      ["OS=='linux'", {
        "cflags_cc": ["-include", "<(module_root_dir)/native/glibc_symbols.h"],
      }],
    ],
  },
  "targets": [
    {
      "target_name": "backprop_isa_scalar",
      "type": "static_library",
      "sources": ["native/isa_scalar.cc"],
    },
    {
      "target_name": "backprop",
      "sources": [
        "native/binding.cc",
        "native/args.cc",
        "native/instance.cc",
        "native/dispatch.cc",
        "native/thread_pool.cc",
        "native/thread_auto.cc",
        "native/gemm.cc",
        "native/bias.cc",
        "native/activation.cc",
        "native/loss.cc",
        "native/batchnorm.cc",
        "native/dropout.cc",
        "native/optimizer.cc",
        "native/norm.cc",
        "native/conv.cc",
        "native/pool.cc",
        "native/gather.cc",
        "native/program.cc",
      ],
      "dependencies": [
        "<!(node -p \"require('node-addon-api').targets\"):node_addon_api_except",
        "backprop_isa_scalar",
      ],
      "cflags_cc": ["-fvisibility=hidden"],
      # A worker thread may be terminated while an addon call is throwing (a bad argument) or while the
      # addon loads: JavaScript can then take no exception, and without this node-addon-api rethrows it
      # as a C++ exception that nothing catches (std::terminate, the whole process aborts). With it the
      # error is dropped, as the environment it was meant for is going away.
      "defines": ["NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS"],
      "libraries": ["-pthread"],
      "conditions": [
        ["target_arch=='x64'", {
          "dependencies": ["backprop_isa_sse2", "backprop_isa_avx2", "backprop_isa_avx512"],
        }],
        # Never unmapped once loaded: Node unloads an addon when the last worker thread that loaded it
        # exits, and code of the library still on a thread's stack at that moment would crash (SIGSEGV).
        ["OS=='linux'", {
          "ldflags": ["-Wl,-z,nodelete"],
        }],
        ["target_arch=='arm64'", {
          "dependencies": ["backprop_isa_neon"],
        }],
      ],
    },
  ],
  "conditions": [
    ["target_arch=='x64'", {
      "targets": [
        {
          "target_name": "backprop_isa_sse2",
          "type": "static_library",
          "sources": ["native/isa_sse2.cc"],
          "cflags_cc": ["-msse2"],
        },
        {
          "target_name": "backprop_isa_avx2",
          "type": "static_library",
          "sources": ["native/isa_avx2.cc"],
          "cflags_cc": ["-mavx2", "-mfma"],
        },
        {
          "target_name": "backprop_isa_avx512",
          "type": "static_library",
          "sources": ["native/isa_avx512.cc"],
          # GCC 12 reports a false -Wmaybe-uninitialized inside its own AVX-512 intrinsic headers.
          "cflags_cc": ["-mavx2", "-mfma", "-mavx512f", "-mavx512bw", "-mavx512dq", "-mavx512vl",
                        "-Wno-maybe-uninitialized"],
        },
      ],
    }],
    ["target_arch=='arm64'", {
      "targets": [
        {
          "target_name": "backprop_isa_neon",
          "type": "static_library",
          "sources": ["native/isa_neon.cc"],
        },
      ],
    }],
  ],
}
