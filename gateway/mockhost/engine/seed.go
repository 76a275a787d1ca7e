package engine

import (
	"os"
	"path/filepath"

	"dpconsole/atomicfile"
	"dpconsole/gateway/hostdoc"
)

// The demo data an empty data directory gets, so the console has something
// alive at once: production (active) with tasks that run every few seconds,
// one that fails now and then, one paused, one whose ID is missing.
const seedProduction = `<Tasks>
  <Task name="protect-inbox" enabled="true">
    <Description>Protect new files in the inbox</Description>
    <Schedule every="5s"/>
    <ID>operations.iic</ID>
    <Script>protect.xml</Script>
    <Action type="protect" source="/data/inbox" target="/data/protected"/>
  </Task>
  <Task name="verify-archive" enabled="true">
    <Description>Verify the protected archive with the shared verifier</Description>
    <Schedule every="7s"/>
    <ID>shared-ops.iic</ID>
    <Script>verify.xml</Script>
    <Action type="verify" source="/data/protected"/>
  </Task>
  <Task name="sync-reports" enabled="true">
    <Description>Push protected reports to the partner share; the link is flaky</Description>
    <Schedule every="4s"/>
    <ID>operations.iic</ID>
    <Script>protect.xml</Script>
    <Action type="copy" source="/data/protected/reports" target="/mnt/partners/reports"/>
    <Simulate failRate="0.3"/>
  </Task>
  <Task name="rotate-keys" enabled="true">
    <Description>Re-protect the key store (paused during the migration)</Description>
    <Schedule every="10s"/>
    <ID>operations.iic</ID>
    <Action type="reprotect" source="/data/keys"/>
  </Task>
  <Task name="export-partners" enabled="true">
    <Description>Export for partners; its ID was never issued</Description>
    <Schedule every="8s"/>
    <ID>partners.iic</ID>
    <Script>protect.xml</Script>
    <Action type="protect" source="/data/exports" target="/mnt/partners/exports"/>
  </Task>
  <Task name="nightly-audit" enabled="true">
    <Description>Full audit of the protected store at 02:00 UTC</Description>
    <Schedule cron="0 2 * * *"/>
    <ID>shared-ops.iic</ID>
    <Script>verify.xml</Script>
    <Action type="verify" source="/data"/>
  </Task>
</Tasks>
`

const seedStaging = `<Tasks>
  <Task name="protect-inbox" enabled="true">
    <Description>Staging copy of the inbox protection</Description>
    <Schedule every="15s"/>
    <ID>operations.iic</ID>
    <Script>protect.xml</Script>
    <Action type="protect" source="/staging/inbox" target="/staging/protected"/>
  </Task>
  <Task name="cleanup" enabled="false">
    <Description>Remove staging output older than a week</Description>
    <Schedule cron="30 3 * * 0"/>
    <Action type="cleanup" source="/staging/protected"/>
  </Task>
</Tasks>
`

const seedProtectScript = `<Script name="protect.xml">
  <Step action="scan" path="${source}" pattern="*"/>
  <Step action="protect" preset="Standard" output="${target}"/>
  <Step action="log" level="info" text="protected ${count} files"/>
</Script>
`

const seedVerifyScript = `<Script name="verify.xml">
  <Step action="scan" path="${source}" pattern="*.uxp"/>
  <Step action="verify" fail="report"/>
</Script>
`

var seedTemplates = map[string]string{
	"Protect folder": `<Task name="Protect folder" enabled="true">
  <Description>Protect every new file of a folder</Description>
  <Schedule every="1m"/>
  <ID>operations.iic</ID>
  <Script>protect.xml</Script>
  <Action type="protect" source="/data/in" target="/data/out"/>
</Task>
`,
	"Nightly verify": `<Task name="Nightly verify" enabled="true">
  <Description>Verify the protected store every night</Description>
  <Schedule cron="0 1 * * *"/>
  <Script>verify.xml</Script>
  <Action type="verify" source="/data/out"/>
</Task>
`,
}

// seed writes the demo data into an empty directory.
func seed(dir string) error {
	machine := hostMachine()
	newID := func() ([]byte, error) { return NewIDFile([]*hostdoc.Machine{&machine}) }
	opsID, err := newID()
	if err != nil {
		return err
	}
	sharedID, err := newID()
	if err != nil {
		return err
	}
	paused, err := encodeRuntime(runtimeFile{Paused: true})
	if err != nil {
		return err
	}
	files := []struct {
		path string
		data []byte
		perm os.FileMode
	}{
		{"configs/production/tasks.xml", []byte(seedProduction), permDoc},
		{"configs/production/ids/operations.iic", opsID, permID},
		{"configs/production/scripts/protect.xml", []byte(seedProtectScript), permDoc},
		{"configs/production/runtime/rotate-keys.json", paused, permDoc},
		{"configs/staging/tasks.xml", []byte(seedStaging), permDoc},
		{"configs/staging/ids/operations.iic", opsID, permID},
		{"configs/staging/scripts/protect.xml", []byte(seedProtectScript), permDoc},
		{"shared/ids/shared-ops.iic", sharedID, permID},
		{"shared/scripts/verify.xml", []byte(seedVerifyScript), permDoc},
		{"active", []byte("production\n"), permDoc},
		{"agent", []byte(AgentActive + "\n"), permDoc},
	}
	for name, doc := range seedTemplates {
		files = append(files, struct {
			path string
			data []byte
			perm os.FileMode
		}{"templates/" + name + ".xml", []byte(doc), permDoc})
	}
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.path))
		if err := os.MkdirAll(filepath.Dir(p), permDir); err != nil {
			return err
		}
		if err := atomicfile.WriteFile(p, f.data, f.perm); err != nil {
			return err
		}
	}
	return nil
}
