from uitkomst.cli import main

main()
