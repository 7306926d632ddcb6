from iacreview.cli import main

main()
