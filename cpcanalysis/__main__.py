from cpcanalysis.cli import main

raise SystemExit(main())
