// Copyright 2009 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Scenario stand-in: the Go source tree is not shipped, only enough of it to look like one.
package runtime
