// Pulumi components that stand up and run a KubeStellar Inventory and Transport Space (ITS): OCM hub, WEC inventory, mailbox namespaces, customization properties and ManifestWork transport.
package kubestellarits
