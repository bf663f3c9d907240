#!/usr/bin/env python3
"""Writes Strings.resx (zh-CN, the default) and Strings.en.resx from Strings.tsv (key, zh-CN, en)."""
import os, sys
from xml.sax.saxutils import escape
here = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'src', 'Gongzhi.Web', 'Platform', 'Ui')
rows = []
for n, line in enumerate(open(os.path.join(here, 'Strings.tsv'), encoding='utf-8'), 1):
    line = line.rstrip('\n')
    if not line or line.startswith('#'): continue
    parts = line.split('\t')
    if len(parts) != 3: sys.exit(f'Strings.tsv:{n}: expected 3 tab-separated columns, got {len(parts)}')
    rows.append(parts)
keys = [r[0] for r in rows]
dups = {k for k in keys if keys.count(k) > 1}
if dups: sys.exit('duplicate keys: ' + ', '.join(sorted(dups)))
head = '''<?xml version="1.0" encoding="utf-8"?>
<!-- Generated from Strings.tsv by scripts/dev/resx.py: edit the .tsv, then run the script. -->
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
'''
for name, col in (('Strings.resx', 1), ('Strings.en.resx', 2)):
    with open(os.path.join(here, name), 'w', encoding='utf-8') as f:
        f.write(head)
        for r in rows:
            f.write(f'  <data name="{escape(r[0])}" xml:space="preserve"><value>{escape(r[col])}</value></data>\n')
        f.write('</root>\n')
print(f'{len(rows)} strings written')
